/**
 * One simulated player over a real websocket. Lighter than the test kit's TestClient on purpose:
 * a soak runs for many minutes while every `say` is broadcast to everyone, so nothing received
 * is kept — each frame is matched against the one answer the player is waiting for (by a unique
 * needle, without parsing) and forgotten.
 */
import type { InboundFrame } from '@mud/protocol';
import WebSocket from 'ws';
import { bump, type GeneratorStats, recordLatency } from './stats.js';

const SCREEN = 'connect <username>';

interface Pending {
  needle: string;
  finish: (answered: boolean) => void;
}

export class SoakPlayer {
  private socket: WebSocket | undefined;
  private closed: Promise<number> = Promise.resolve(0);
  private pending: Pending | undefined;
  /** The player itself is closing or dropping the socket: its close is not an error. */
  private expectingClose = false;
  private token: string | undefined;
  private loggedIn = false;

  constructor(
    readonly name: string,
    private readonly password: string,
    private readonly url: string,
    private readonly stats: GeneratorStats,
    private readonly answerTimeoutMs: number,
    /** The account exists already: log in with `connect` rather than `create`. */
    private created = false,
  ) {}

  get online(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.loggedIn;
  }

  /** Connects and logs in (creating the account the first time). False when that failed. */
  async enter(): Promise<boolean> {
    // A socket left over from a command that was never answered is closed first, so the player
    // never holds two sessions the soak does not know about.
    if (this.socket) await this.close();
    if (!(await this.openSocket())) return false;
    return this.login();
  }

  /** Sends a command line and waits for the answer containing `needle`. */
  /** Sends a raw command whose answer nobody waits for as a command (the admin's `reload`). */
  async run(line: string, needle: string, timeoutMs: number): Promise<boolean> {
    this.send(['text', [line], {}]);
    return this.wait(needle, timeoutMs);
  }

  async command(line: string, needle: string): Promise<boolean> {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.stats.commandsSent++;
    const started = performance.now();
    this.send(['text', [line], {}]);
    const answered = await this.wait(needle, this.answerTimeoutMs);
    if (answered) {
      this.stats.commandsAnswered++;
      recordLatency(this.stats, performance.now() - started);
    } else {
      this.stats.commandsUnanswered++;
      if (this.stats.unansweredSamples.length < 20) {
        this.stats.unansweredSamples.push(`${new Date().toISOString()} ${this.name}: ${line}`);
      }
    }
    return answered === true;
  }

  /** `quit`, which the game answers by closing with 1000; then back in with a fresh login. */
  async quitAndReturn(): Promise<boolean> {
    this.stats.quits++;
    this.expectingClose = true;
    const closed = this.closed;
    this.send(['text', ['quit'], {}]);
    const code = await Promise.race([closed, sleep(this.answerTimeoutMs).then(() => -1)]);
    if (code !== 1000) bump(this.stats.unexpectedCloses, `quit:${code}`);
    return this.enter();
  }

  /** Drops the socket without a close handshake (a network failure), then resumes the session. */
  async dropAndResume(): Promise<boolean> {
    const token = this.token;
    await this.drop();
    if (!(await this.openSocket())) return false;
    if (!token) {
      this.stats.resumeFailures++;
      return this.login();
    }
    this.send(['resume', [], { token }]);
    if (await this.wait('["resumed"', this.answerTimeoutMs)) {
      this.stats.resumes++;
      this.loggedIn = true;
      return true;
    }
    this.stats.resumeFailures++;
    return this.login();
  }

  /** Drops the socket, then logs in afresh (the detached session is taken over and ended). */
  async dropAndLogin(): Promise<boolean> {
    await this.drop();
    return this.enter();
  }

  /** Closes cleanly (1000): the session ends at once. */
  async close(): Promise<void> {
    if (!this.socket) return;
    this.expectingClose = true;
    const closed = this.closed;
    this.socket.close(1000);
    await Promise.race([closed, sleep(5000)]);
  }

  private async drop(): Promise<void> {
    this.stats.drops++;
    this.expectingClose = true;
    const closed = this.closed;
    this.socket?.terminate();
    await closed;
  }

  private async login(): Promise<boolean> {
    const verb = this.created ? 'connect' : 'create';
    const ok = await this.command(`${verb} ${this.name} ${this.password}`, '["logged_in"');
    if (!ok) return false;
    if (this.created) this.stats.logins++;
    else this.stats.creates++;
    this.created = true;
    return true;
  }

  private openSocket(): Promise<boolean> {
    const socket = new WebSocket(this.url, ['v1.evennia.com']);
    this.socket = socket;
    this.expectingClose = false;
    this.loggedIn = false;
    this.token = undefined;
    socket.on('message', (data, isBinary) => {
      if (this.socket === socket) this.receive(isBinary ? '' : data.toString());
    });
    socket.on('error', () => {
      // 'close' follows and does the accounting.
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code) => {
        if (this.socket === socket) {
          this.loggedIn = false;
          if (!this.expectingClose) {
            bump(this.stats.unexpectedCloses, code);
            if (this.pending) {
              this.stats.commandsCutOff++;
              this.pending.finish(false);
            }
          }
          this.socket = undefined;
        }
        resolve(code);
      });
    });
    return this.wait(SCREEN, this.answerTimeoutMs).then((ok) => {
      if (!ok) {
        this.stats.connectFailures++;
        this.socket?.terminate();
      }
      return ok === true;
    });
  }

  private send(frame: InboundFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Resolves true when a frame containing `needle` arrives, false on timeout or a broken socket. */
  private wait(needle: string, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => pending.finish(false), timeoutMs);
      const pending: Pending = {
        needle,
        finish: (answered) => {
          if (this.pending !== pending) return;
          this.pending = undefined;
          clearTimeout(timer);
          resolve(answered);
        },
      };
      this.pending = pending;
    });
  }

  private receive(raw: string): void {
    this.stats.framesIn++;
    if (raw.startsWith('["error"')) {
      try {
        const frame = JSON.parse(raw) as [string, [string], { code?: string }];
        bump(this.stats.errorFrames, frame[2].code ?? 'no code');
      } catch {
        bump(this.stats.errorFrames, 'unparseable');
      }
    } else if (raw.startsWith('["resume_token"')) {
      try {
        this.token = (JSON.parse(raw) as [string, [], { token: string }])[2].token;
      } catch {
        // a broken token frame only costs a later resume
      }
    } else if (raw.startsWith('["logged_in"')) {
      this.loggedIn = true;
    }
    if (this.pending && raw.includes(this.pending.needle)) this.pending.finish(true);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
