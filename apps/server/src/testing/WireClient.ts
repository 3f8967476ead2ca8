/**
 * A websocket test client for the MUD Standards subprotocols (docs/telnet.md#mud-standards-websocket-subprotocols):
 * it keeps every message as it came, binary or text, and reads the binary ones as the terminal
 * stream a MUD client would show. `TestClient` is the one for `v1.evennia.com`'s JSON frames.
 */
import WebSocket from 'ws';
import { Arrivals, opened } from './Arrivals.js';
import { asRegExp, plain } from './text.js';

export interface ReceivedMessage {
  binary: boolean;
  /** The payload as UTF-8 text. */
  data: string;
}

export class WireClient {
  readonly messages: ReceivedMessage[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  private readonly arrivals = new Arrivals();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => {
      this.messages.push({ binary: isBinary, data: data.toString('utf8') });
      this.arrivals.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code) => {
        this.closeCode = code;
        this.arrivals.notify();
        resolve(code);
      });
    });
  }

  /** Opens a socket offering `protocols`; rejects when the handshake is refused. */
  static async connect(url: string, protocols: string[], options: WebSocket.ClientOptions = {}): Promise<WireClient> {
    const socket = new WebSocket(url, protocols, options);
    const client = new WireClient(socket);
    await opened(socket);
    return client;
  }

  /** The subprotocol the server chose ('' for none). */
  get protocol(): string {
    return this.socket.protocol;
  }

  /** Where the messages received so far end: pass it as `from` to look only at what comes next. */
  mark(): number {
    return this.messages.length;
  }

  /** The binary messages since `from` as one stream, exactly as sent (escape codes included). */
  stream(from = 0): string {
    return this.messages
      .slice(from)
      .filter((m) => m.binary)
      .map((m) => m.data)
      .join('');
  }

  /** What a player reads in the stream since `from`: colour codes stripped. */
  screen(from = 0): string {
    return plain(this.stream(from));
  }

  /** The text messages since `from`. */
  texts(from = 0): string[] {
    return this.messages
      .slice(from)
      .filter((m) => !m.binary)
      .map((m) => m.data);
  }

  sendBinary(data: string | Buffer): void {
    this.socket.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { binary: true });
  }

  sendText(data: string): void {
    this.socket.send(data, { binary: false });
  }

  /** Resolves once `predicate` holds over what has arrived; rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    return this.arrivals.until(predicate, what, () => JSON.stringify(this.messages.slice(-20)), timeoutMs);
  }

  /** Waits until the screen since `from` shows `needle`; returns that screen. */
  waitForScreen(needle: string | RegExp, from = 0, timeoutMs?: number): Promise<string> {
    const pattern = asRegExp(needle);
    return this.waitFor(
      () => {
        const screen = this.screen(from);
        return pattern.test(screen) ? screen : undefined;
      },
      `screen ${String(needle)}`,
      timeoutMs,
    );
  }

  /** Waits for a text message since `from` that `predicate` accepts; returns it. */
  waitForText(predicate: (text: string) => boolean, what: string, from = 0, timeoutMs?: number): Promise<string> {
    return this.waitFor(() => this.texts(from).find(predicate), what, timeoutMs);
  }

  /** Sends a command line as a binary message and waits for `needle` on the screen after it. */
  async command(line: string, needle: string | RegExp): Promise<string> {
    const from = this.mark();
    this.sendBinary(line);
    return this.waitForScreen(needle, from);
  }

  close(): void {
    this.socket.close(1000);
  }
}
