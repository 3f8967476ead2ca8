/**
 * A websocket player for integration tests: real socket, real frames, with waits on what arrives.
 */
import { decodeOutbound, type InboundFrame, type OutboundFrame } from '@mud/protocol';
import WebSocket from 'ws';

/** Strips ANSI SGR codes so tests can match on the text a player reads. */
export function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export class TestClient {
  readonly frames: OutboundFrame[] = [];
  readonly raw: string[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private readonly waiters: (() => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      this.raw.push(text);
      const frame = decodeOutbound(text);
      if (frame) this.frames.push(frame);
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.notify();
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
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    });
    return client;
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
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
  async waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got:\n${this.text()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for text containing `needle` after the first `from` frames. Returns the matching text. */
  async waitForText(needle: string | RegExp, from = 0, timeoutMs?: number): Promise<string> {
    return this.waitFor(
      () => {
        const texts = this.frames
          .slice(from)
          .filter((f) => f[0] === 'text')
          .map((f) => plain(f[1][0] as string));
        return texts.find((t) => (typeof needle === 'string' ? t.includes(needle) : needle.test(t)));
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
