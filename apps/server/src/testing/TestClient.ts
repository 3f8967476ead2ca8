/**
 * A websocket player for integration tests: real socket, real frames, with waits on what arrives.
 */
import { decodeOutbound, type ErrorCode, type InboundFrame, type OutboundFrame } from '@mud/protocol';
import WebSocket from 'ws';
import { Arrivals, opened } from './Arrivals.js';
import { asRegExp, plain } from './text.js';

/** A `login` or `create` the game refused, with its code from the protocol's catalogue. */
export class LoginRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'LoginRefused';
  }
}

export class TestClient {
  readonly frames: OutboundFrame[] = [];
  readonly raw: string[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private readonly arrivals = new Arrivals();
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      this.raw.push(text);
      const frame = decodeOutbound(text);
      if (frame) this.frames.push(frame);
      this.arrivals.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.arrivals.notify();
        resolve(code);
      });
    });
  }

  static async connect(
    url: string,
    options: WebSocket.ClientOptions & { protocols?: string[] } = {},
  ): Promise<TestClient> {
    const socket = new WebSocket(url, options.protocols ?? ['v1.evennia.com'], options);
    const client = new TestClient(socket);
    await opened(socket);
    return client;
  }

  send(frame: InboundFrame): void {
    this.socket.send(JSON.stringify(frame));
  }
  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }
  line(text: string): void {
    this.send(['text', [text], {}]);
  }

  /** All text output so far, without colour codes. */
  text(): string {
    return this.frames
      .filter((f) => f[0] === 'text')
      .map((f) => plain(f[1][0] as string))
      .join('\n');
  }

  /** Resolves once `predicate` holds over what has arrived; rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    return this.arrivals.until(predicate, what, () => this.text(), timeoutMs);
  }

  /** Waits for text containing `needle` after the first `from` frames. Returns the matching text. */
  async waitForText(needle: string | RegExp, from = 0, timeoutMs?: number): Promise<string> {
    return this.waitFor(
      () => {
        const texts = this.frames
          .slice(from)
          .filter((f) => f[0] === 'text')
          .map((f) => plain(f[1][0] as string));
        const pattern = asRegExp(needle);
        return texts.find((t) => pattern.test(t));
      },
      `text ${String(needle)}`,
      timeoutMs,
    );
  }

  async waitForFrame<N extends OutboundFrame[0]>(
    name: N,
    from = 0,
    timeoutMs?: number,
  ): Promise<Extract<OutboundFrame, [N, ...unknown[]]>> {
    return this.waitFor(
      () => this.frames.slice(from).find((f) => f[0] === name) as Extract<OutboundFrame, [N, ...unknown[]]> | undefined,
      `frame ${name}`,
      timeoutMs,
    );
  }

  /** The newest frame of a kind, if any arrived. */
  last<N extends OutboundFrame[0]>(name: N): Extract<OutboundFrame, [N, ...unknown[]]> | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      if (frame?.[0] === name) return frame as Extract<OutboundFrame, [N, ...unknown[]]>;
    }
    return undefined;
  }

  /** Waits until the newest frame of a kind satisfies `predicate`. */
  async waitForState<N extends OutboundFrame[0]>(
    name: N,
    predicate: (frame: Extract<OutboundFrame, [N, ...unknown[]]>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<OutboundFrame, [N, ...unknown[]]>> {
    return this.waitFor(
      () => {
        const frame = this.last(name);
        return frame && predicate(frame) ? frame : undefined;
      },
      `a ${name} frame in the expected state`,
      timeoutMs,
    );
  }

  /** Frames received since `from`, as plain text lines. */
  textSince(from: number): string {
    return this.frames
      .slice(from)
      .filter((f) => f[0] === 'text')
      .map((f) => plain(f[1][0] as string))
      .join('\n');
  }

  /**
   * Waits until the game has set this connection's session up: its first `session` frame, which
   * every game sends on connect whatever its connection screen says.
   */
  async waitForSession(timeoutMs?: number): Promise<void> {
    await this.waitForFrame('session', 0, timeoutMs);
  }

  /**
   * Logs in (or creates the account and logs in) by the protocol's `login` / `create` frame, not
   * by typed commands, so it works whatever a game's connection screen and commands are. Resolves
   * once logged in and settled (the `session` frame after `logged_in`); rejects with
   * `LoginRefused` and the error frame's code if the game refuses.
   */
  async enter(how: 'login' | 'create', name: string, password: string, timeoutMs?: number): Promise<void> {
    const from = this.frames.length;
    this.send([how, [], { name, password }]);
    const outcome = await this.waitFor(
      () => {
        const since = this.frames.slice(from);
        const refusal = since.find((f) => f[0] === 'error' && f[2].input === how);
        if (refusal?.[0] === 'error') return { refusal };
        const loggedIn = since.findIndex((f) => f[0] === 'logged_in');
        if (loggedIn === -1) return undefined;
        return since.slice(loggedIn).some((f) => f[0] === 'session' && f[2].loggedIn)
          ? { refusal: undefined }
          : undefined;
      },
      `${how} as ${name}`,
      timeoutMs,
    );
    if (outcome.refusal) throw new LoginRefused(outcome.refusal[2].code, String(outcome.refusal[1][0]));
  }

  /** Sends a line and waits for the text answer that contains `needle`. */
  async command(line: string, needle: string | RegExp): Promise<string> {
    const from = this.frames.length;
    this.line(line);
    return this.waitForText(needle, from);
  }

  close(): void {
    this.socket.close(1000);
  }
}
