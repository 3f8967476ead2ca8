/**
 * The load generator's raw telnet client: a TCP socket that refuses every option the server
 * offers (DO → WONT, WILL → DONT), skips subnegotiations and other IAC commands, and hands the
 * game's text to its owner one line at a time (docs/telnet.md). No compression, no GMCP: the
 * bench times the plain text path, as a bare `telnet` sees it.
 */
import { connect, type Socket } from 'node:net';

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const LF = 10;

/** Where the parser is inside the byte stream. */
type State = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac';

export class TelnetClient {
  /** Called with each complete line of text (CR and LF removed), and the time it arrived. */
  onLine: ((line: string, at: number) => void) | undefined;
  onClose: (() => void) | undefined;
  closed = false;

  private state: State = 'data';
  private verb = 0;
  /** Bytes of the line being received (IAC commands already removed). */
  private line: number[] = [];

  private constructor(
    readonly socket: Socket,
    private readonly now: () => number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.onClose?.();
    });
  }

  /** Connects to `telnet://host:port`; rejects on a socket error or after `timeoutMs`. */
  static open(url: string, timeoutMs: number, now: () => number): Promise<TelnetClient> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no telnet connection to ${url} in ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        resolve(new TelnetClient(socket, now));
      });
    });
  }

  get open(): boolean {
    return !this.closed && this.socket.writable;
  }

  /** Sends one line of input, CRLF-terminated; a byte 255 in it is doubled, as telnet wants. */
  send(text: string): void {
    const bytes = Buffer.from(`${text}\r\n`, 'utf8');
    this.socket.write(bytes.includes(IAC) ? doubleIac(bytes) : bytes);
  }

  /** Closes the connection; resolves once it is closed (destroyed after `timeoutMs`). */
  close(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }

  private receive(chunk: Buffer): void {
    const at = this.now();
    for (const byte of chunk) {
      switch (this.state) {
        case 'data':
          if (byte === IAC) this.state = 'iac';
          else if (byte === LF) this.endLine(at);
          else this.line.push(byte);
          break;
        case 'iac':
          if (byte === IAC) {
            this.line.push(IAC);
            this.state = 'data';
          } else if (byte === SB) this.state = 'sb';
          else if (byte >= WILL && byte <= DONT) {
            this.verb = byte;
            this.state = 'option';
          } else this.state = 'data'; // GA, EOR, NOP and the like: nothing to do
          break;
        case 'option':
          this.refuse(this.verb, byte);
          this.state = 'data';
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sb-iac';
          break;
        case 'sb-iac':
          this.state = byte === SE ? 'data' : 'sb';
          break;
      }
    }
  }

  /** Never agrees to an option: WONT to DO, DONT to WILL; WONT and DONT need no answer. */
  private refuse(verb: number, option: number): void {
    if (verb === DO) this.socket.write(Buffer.from([IAC, WONT, option]));
    else if (verb === WILL) this.socket.write(Buffer.from([IAC, DONT, option]));
  }

  private endLine(at: number): void {
    let end = this.line.length;
    if (this.line[end - 1] === 13) end--;
    const text = Buffer.from(this.line.slice(0, end)).toString('utf8');
    this.line = [];
    this.onLine?.(text, at);
  }
}

function doubleIac(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}
