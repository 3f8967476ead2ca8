/**
 * An SSH session (docs/telnet.md#ssh): one SSH connection, logged in by its password
 * authentication, played in its shell channel. The account check is the game server's: the SSH
 * password goes to the game as a `login` frame, and the game's answer (`logged_in`, or an
 * `error` for that login) decides the authentication, throttle and all.
 *
 * Output before the login succeeds (the connection screen, a refused login's answer) is not
 * shown: the SSH client asks for the password itself and says "Permission denied". Output from
 * the login on is kept until the shell channel opens, then written by its `SshTerminal`. The
 * channel's bytes are keystrokes for the `LineEditor`; each line is a `text` frame under the
 * input rate.
 *
 * Not resumable: when the client goes, the session ends at once.
 */
import { CloseCode, decodeInbound, ErrorCode, type InboundFrame, Limits, type OutboundFrame, out } from '@mud/protocol';
import type { ServerChannel } from 'ssh2';
import {
  PortalSession,
  type PortalSessionEvents,
  type PortalSessionOptions,
  type SendOptions,
} from '../../PortalSession.js';
import { OUTPUT_BUFFER_FULL } from '../SlowReader.js';
import { LineEditor } from './LineEditor.js';
import { SshTerminal } from './SshTerminal.js';

/** Output kept between the login and the shell opening; past it the oldest frames are dropped. */
const MAX_PENDING_FRAMES = 500;
/** Window changes reach the game at most once per this many ms (the latest size wins). */
const RESIZE_INTERVAL_MS = 250;
/** How long a closing shell waits for the client to close its side before the connection is cut. */
const CLOSE_GRACE_MS = 2000;
/** The sizes a terminal may report; beyond them a report is clamped, 0 (unknown) is ignored. */
export const SCREEN_WIDTH = { min: 10, max: 1000 };
export const SCREEN_HEIGHT = { min: 2, max: 1000 };

export interface SshSessionOptions extends PortalSessionOptions {
  /** Bytes of output the channel may hold unsent before the session is closed (MUD_MAX_OUTPUT_BUFFER); 0: no cap. */
  maxOutputBuffer?: number;
}

/** The SSH connection under the session: the session ends it when it closes. */
export interface SshConnectionHandle {
  end(): void;
}

export class SshSession extends PortalSession {
  private channel: ServerChannel | undefined;
  private editor: LineEditor | undefined;
  private terminal: SshTerminal | undefined;
  /** Output is kept and shown: from the login on. */
  private showing = false;
  private readonly pending: OutboundFrame[] = [];
  private ended = false;
  private loginAnswer: ((loggedIn: boolean) => void) | undefined;
  private sentSize = '';
  private nextSize: Record<string, number> | undefined;
  private resizeTimer: NodeJS.Timeout | undefined;

  constructor(
    sessid: number,
    address: string,
    events: PortalSessionEvents,
    private readonly connection: SshConnectionHandle,
    protected override readonly options: SshSessionOptions = {},
  ) {
    super(sessid, address, 'ssh', events, options);
  }

  get attached(): boolean {
    return !this.ended;
  }

  /** An SSH connection cannot be handed to another session (docs/telnet.md#ssh). */
  resumeFrom(): boolean {
    return false;
  }

  answers(): Promise<boolean> {
    return Promise.resolve(!this.ended);
  }

  /**
   * Sends the game a `login` with the SSH user name and password; resolves true once the game
   * has logged the session in, false when it refused (wrong password, unknown name, throttled)
   * or the session ended first.
   */
  login(name: string, password: string): Promise<boolean> {
    if (this.ended || this.loginAnswer) return Promise.resolve(false);
    if (this.showing) return Promise.resolve(true);
    const frame = decodeInbound(JSON.stringify(['login', [], { name, password }]));
    // A name or password past the protocol's limits cannot be right; the game never sees it.
    if (!frame.ok) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.loginAnswer = resolve;
      this.events.input(this, frame.value);
    });
  }

  /** The shell channel opened (with a pty or not): kept output goes out, keystrokes come in. */
  openShell(channel: ServerChannel, pty: boolean): void {
    if (this.ended || this.channel) return;
    this.channel = channel;
    const editor = new LineEditor({ echo: pty, maxLength: Limits.lineLength });
    this.editor = editor;
    this.terminal = new SshTerminal(channel, {
      pty,
      editor,
      maxOutputBuffer: this.options.maxOutputBuffer ?? 0,
      logger: this.options.logger,
      session: { sessid: this.sessid, address: this.address },
      overflowed: () => this.close(CloseCode.PolicyViolation, OUTPUT_BUFFER_FULL),
    });
    channel.on('data', (data: Buffer) => this.atEdge(() => this.receive(data)));
    channel.on('error', () => {
      // A channel error comes with the connection's own close, which ends the session.
    });
    for (const frame of this.pending.splice(0)) {
      if (this.ended) return;
      this.terminal.deliver(frame, false);
    }
  }

  /** The terminal's size (a pty request or a window change), for the game's `client_options`. */
  resize(cols: number, rows: number): void {
    const screenwidth = clamp(cols, SCREEN_WIDTH);
    const screenheight = clamp(rows, SCREEN_HEIGHT);
    if (this.ended || (screenwidth === undefined && screenheight === undefined)) return;
    this.nextSize = {
      ...(screenwidth === undefined ? {} : { screenwidth }),
      ...(screenheight === undefined ? {} : { screenheight }),
    };
    if (this.resizeTimer) return;
    this.sendSize();
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = undefined;
      this.sendSize();
    }, RESIZE_INTERVAL_MS);
    this.resizeTimer.unref();
  }

  private sendSize(): void {
    const size = this.nextSize;
    this.nextSize = undefined;
    if (!size || this.ended || JSON.stringify(size) === this.sentSize) return;
    this.sentSize = JSON.stringify(size);
    const frame: InboundFrame = ['client_options', [], size];
    this.events.input(this, frame);
  }

  send(frames: readonly OutboundFrame[], options: SendOptions = {}): void {
    for (const frame of frames) {
      if (this.ended) return;
      this.watchLogin(frame);
      if (!this.showing) continue;
      if (this.terminal) this.terminal.deliver(frame, options.chatter === true);
      else {
        this.pending.push(frame);
        if (this.pending.length > MAX_PENDING_FRAMES) this.pending.shift();
      }
    }
  }

  /** The game's answer to the login, if one is awaited: `logged_in`, or an `error`. */
  private watchLogin(frame: OutboundFrame): void {
    const loggedIn = frame[0] === 'logged_in' || (frame[0] === 'session' && frame[2].loggedIn);
    if (loggedIn && !this.showing) {
      this.showing = true;
      this.answerLogin(true);
    } else if (frame[0] === 'error' && this.loginAnswer && !this.showing) {
      // The login's refusal names it (`input: 'login'`); any other error before the login
      // succeeded (the game failing on it) refuses it as well rather than leave it hanging.
      this.answerLogin(false);
    }
  }

  private answerLogin(loggedIn: boolean): void {
    const answer = this.loginAnswer;
    this.loginAnswer = undefined;
    answer?.(loggedIn);
  }

  private receive(data: Buffer): void {
    const { editor, terminal } = this;
    if (this.ended || !editor || !terminal) return;
    const { echo, events } = editor.feed(data);
    if (echo) terminal.write(echo);
    for (const event of events) {
      if (this.ended) return;
      if (event.kind === 'quit') {
        terminal.write('Goodbye.\r\n');
        this.close(CloseCode.Normal, `quit with ${event.key}`);
        return;
      }
      terminal.lineEnded();
      // Every line spends the input rate, refused ones too (as a websocket frame does).
      if (!this.admitFrame()) continue;
      if (event.kind === 'too-long') {
        this.send([out.error(ErrorCode.LineTooLong, `Lines are limited to ${Limits.lineLength} characters.`)]);
        continue;
      }
      const frame = decodeInbound(JSON.stringify(['text', [event.line], {}]));
      if (frame.ok) this.events.input(this, frame.value);
      else this.send([out.error(frame.code, frame.reason, frame.input)]);
    }
  }

  /** Sends nothing more, closes the shell and the connection, and ends the session. */
  close(_code: number, reason: string): void {
    if (this.ended) return;
    this.finish();
    const channel = this.channel;
    this.channel = undefined;
    if (channel) {
      // Exit status, then EOF and close once what was written is sent; the connection ends when
      // the client closes the channel too: a disconnect sent first would make OpenSSH drop the
      // last output (the goodbye) and exit with 255. A client that does not answer is not waited for.
      channel.exit(0);
      channel.end();
      const timer = setTimeout(() => this.connection.end(), CLOSE_GRACE_MS);
      timer.unref();
      channel.once('close', () => {
        clearTimeout(timer);
        this.connection.end();
      });
    } else this.connection.end();
    this.events.ended(this, reason);
  }

  /** The client closed the connection (or it dropped): the session ends at once. */
  connectionClosed(): void {
    if (this.ended) return;
    this.finish();
    this.channel = undefined;
    this.events.ended(this, 'connection closed by client');
  }

  private finish(): void {
    this.ended = true;
    this.pending.length = 0;
    clearTimeout(this.resizeTimer);
    this.terminal?.stop();
    this.answerLogin(false);
  }
}

function clamp(value: number, range: { min: number; max: number }): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(range.max, Math.max(range.min, Math.floor(value)));
}
