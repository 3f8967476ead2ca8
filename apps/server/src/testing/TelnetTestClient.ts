/**
 * A raw telnet player for tests (docs/telnet.md): a real TCP (or TLS) socket, the client's side
 * of option negotiation done by hand, MCCP2 inflated, GMCP messages collected, and waits on the
 * text that arrives. It answers only what it is told to want, so tests can play a plain
 * `telnet`, Mudlet or TinTin++.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { connect as tlsConnect } from 'node:tls';
import { constants, inflateSync } from 'node:zlib';
import { Arrivals } from './Arrivals.js';
import { asRegExp, plain } from './text.js';

const IAC = 255;
const [DONT, DO, WONT, WILL, SB, GA, SE, EOR] = [254, 253, 252, 251, 250, 249, 240, 239];
const VERBS: Record<number, string> = { 251: 'WILL', 252: 'WONT', 253: 'DO', 254: 'DONT' };
export const TelnetOpt = { ECHO: 1, TTYPE: 24, EOR: 25, NAWS: 31, CHARSET: 42, MSSP: 70, MCCP2: 86, GMCP: 201 };

export interface TelnetClientOptions {
  tls?: boolean;
  /** Options the client agrees the server performs (answers DO to WILL). */
  accept?: number[];
  /** TTYPE answers, in order (the last repeats); none: refuses TTYPE. */
  ttype?: string[];
  /** NAWS width and height; none: refuses NAWS. */
  naws?: [number, number];
  /** GMCP messages sent once GMCP is on (Core.Hello...). */
  gmcpHello?: string[];
}

export class TelnetTestClient {
  /** Text received (after telnet commands are taken out and MCCP inflated). */
  private received = '';
  /** What happened, in order: `WILL 201`, `SB 24 <hex>`, `GA`, `EOR`, `MCCP2 start`... */
  readonly events: string[] = [];
  readonly gmcp: string[] = [];
  /** Every byte received, as sent (compressed where it was). */
  readonly wire: Buffer[] = [];
  mssp: Buffer | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private state: 'data' | 'iac' | 'verb' | 'sb' | 'sbiac' = 'data';
  private verb = 0;
  private sb: number[] = [];
  private compressed: Buffer | undefined;
  private inflated = 0;
  private ttypeRound = 0;
  private echoOn = false;
  private readonly arrivals = new Arrivals();
  readonly closed: Promise<void>;
  isClosed = false;

  private constructor(
    readonly socket: Socket,
    private readonly options: TelnetClientOptions,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.wire.push(chunk);
      this.receive(chunk);
      this.arrivals.notify();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        this.arrivals.notify();
        resolve();
      });
    });
  }

  static async connect(port: number, options: TelnetClientOptions = {}): Promise<TelnetTestClient> {
    const socket = options.tls
      ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : netConnect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new TelnetTestClient(socket, options);
  }

  /** Everything received as text, ANSI codes and all. */
  get raw(): string {
    return this.received;
  }

  /** Text received, without colour codes. */
  text(from = 0): string {
    return plain(this.received.slice(from));
  }

  /** Where the received text ends now: pass it to `waitForText` to look only at what comes next. */
  get mark(): number {
    return this.received.length;
  }

  line(text: string): void {
    this.socket.write(Buffer.from(`${text}\r\n`, 'utf8'));
  }

  sendRaw(bytes: Buffer | number[] | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes));
  }

  sendGmcp(message: string): void {
    this.sendRaw(Buffer.concat([Buffer.from([IAC, SB, TelnetOpt.GMCP]), Buffer.from(message), Buffer.from([IAC, SE])]));
  }

  close(): void {
    this.socket.destroy();
  }

  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    // Woken by what arrives, and every 50 ms for conditions on anything else.
    const shown = () => `${this.text()}
events: ${this.events.join(', ')}`;
    return this.arrivals.until(predicate, what, shown, timeoutMs, 50);
  }

  /** Waits for text matching `needle` after `from` (a `mark`); returns the text from there. */
  waitForText(needle: string | RegExp, from = 0, timeoutMs?: number): Promise<string> {
    const pattern = asRegExp(needle);
    return this.waitFor(
      () => {
        const text = this.text(from);
        return pattern.test(text) ? text : undefined;
      },
      `text ${String(needle)}`,
      timeoutMs,
    );
  }

  waitForEvent(event: string | RegExp, timeoutMs?: number): Promise<string> {
    const pattern = asRegExp(event);
    return this.waitFor(() => this.events.find((e) => pattern.test(e)), `event ${String(event)}`, timeoutMs);
  }

  waitForGmcp(name: string, timeoutMs?: number): Promise<string> {
    return this.waitFor(() => this.gmcp.find((m) => m === name || m.startsWith(`${name} `)), `GMCP ${name}`, timeoutMs);
  }

  private receive(chunk: Buffer): void {
    if (this.compressed) {
      this.compressed = Buffer.concat([this.compressed, chunk]);
      this.inflate();
      return;
    }
    const rest = this.parse(chunk);
    if (rest) {
      this.compressed = Buffer.alloc(0);
      this.inflated = 0;
      this.receive(rest);
    }
  }

  /** Inflates what arrived so far; a finished stream's trailing bytes are plain again. */
  private inflate(): void {
    const all = this.compressed ?? Buffer.alloc(0);
    const { buffer, engine } = inflateSync(all, { finishFlush: constants.Z_SYNC_FLUSH, info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    const fresh = buffer.subarray(this.inflated);
    this.inflated = buffer.length;
    let ended = false;
    try {
      inflateSync(all);
      ended = true;
    } catch {
      // not finished yet
    }
    const rest = this.parse(fresh);
    if (rest) throw new Error('MCCP2 started twice in one stream');
    if (ended) {
      this.events.push('MCCP2 end');
      this.compressed = undefined;
      const tail = all.subarray(engine.bytesWritten);
      if (tail.length > 0) this.receive(tail);
    }
  }

  /** Parses plain telnet; returns the bytes after an MCCP2 start marker, if one came. */
  private parse(bytes: Buffer): Buffer | undefined {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      switch (this.state) {
        case 'data':
          if (byte === IAC) this.state = 'iac';
          else this.received += this.decoder.write(Buffer.from([byte]));
          break;
        case 'iac':
          this.state = 'data';
          if (byte === IAC) this.received += this.decoder.write(Buffer.from([IAC]));
          else if (byte >= WILL && byte <= DONT) {
            this.verb = byte;
            this.state = 'verb';
          } else if (byte === SB) {
            this.sb = [];
            this.state = 'sb';
          } else if (byte === GA) this.events.push('GA');
          else if (byte === EOR) this.events.push('EOR');
          else this.events.push(`CMD ${byte}`);
          break;
        case 'verb':
          this.state = 'data';
          this.events.push(`${VERBS[this.verb]} ${byte}`);
          this.negotiate(this.verb, byte);
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sbiac';
          else this.sb.push(byte);
          break;
        case 'sbiac':
          if (byte === IAC) {
            this.sb.push(IAC);
            this.state = 'sb';
          } else {
            this.state = 'data';
            if (this.subnegotiation(Buffer.from(this.sb))) return bytes.subarray(i + 1);
          }
          break;
      }
    }
    return undefined;
  }

  /** True when it was MCCP2's start. */
  private subnegotiation(payload: Buffer): boolean {
    const option = payload[0];
    const body = payload.subarray(1);
    this.events.push(`SB ${option} ${body.toString('hex')}`);
    if (option === TelnetOpt.MCCP2) {
      this.events.push('MCCP2 start');
      return true;
    }
    if (option === TelnetOpt.GMCP) this.gmcp.push(body.toString('utf8'));
    if (option === TelnetOpt.MSSP) this.mssp = body;
    if (option === TelnetOpt.TTYPE && body[0] === 1 && this.options.ttype) {
      const answers = this.options.ttype;
      const answer = answers[Math.min(this.ttypeRound++, answers.length - 1)] ?? '';
      this.sendRaw(
        Buffer.concat([Buffer.from([IAC, SB, TelnetOpt.TTYPE, 0]), Buffer.from(answer), Buffer.from([IAC, SE])]),
      );
    }
    return false;
  }

  private negotiate(verb: number, option: number): void {
    if (verb === WILL) {
      const yes = this.accepts(option);
      if (option === TelnetOpt.ECHO && this.echoOn) return;
      this.sendRaw([IAC, yes ? DO : DONT, option]);
      if (yes && option === TelnetOpt.GMCP) for (const message of this.options.gmcpHello ?? []) this.sendGmcp(message);
    } else if (verb === DO) {
      const yes =
        (option === TelnetOpt.TTYPE && this.options.ttype !== undefined) ||
        (option === TelnetOpt.NAWS && this.options.naws !== undefined);
      this.sendRaw([IAC, yes ? WILL : WONT, option]);
      if (yes && option === TelnetOpt.NAWS && this.options.naws) {
        const [w, h] = this.options.naws;
        // A 255 byte in the sizes is doubled, as in any subnegotiation.
        const size = [w >> 8, w & 255, h >> 8, h & 255].flatMap((b) => (b === IAC ? [IAC, IAC] : [b]));
        this.sendRaw([IAC, SB, TelnetOpt.NAWS, ...size, IAC, SE]);
      }
    }
    // WONT / DONT: answered only when they change what was on (RFC 1143), here only ECHO.
    if (option !== TelnetOpt.ECHO) return;
    if (verb === WILL) this.echoOn = this.accepts(option);
    if (verb === WONT && this.echoOn) {
      this.echoOn = false;
      this.sendRaw([IAC, DONT, option]);
    }
  }

  private accepts(option: number): boolean {
    return (this.options.accept ?? []).includes(option);
  }
}

/**
 * A telnet player who typed `create name password` (or `connect`) at the connection screen and
 * is in the game: resolves once the look on arrival (`arrival`) has shown.
 */
export async function telnetPlayer(
  port: number,
  how: 'create' | 'connect',
  name: string,
  password: string,
  arrival: string | RegExp,
  options: TelnetClientOptions = {},
): Promise<TelnetTestClient> {
  const client = await TelnetTestClient.connect(port, options);
  await client.waitForText(/create/);
  const mark = client.mark;
  client.line(`${how} ${name} ${password}`);
  await client.waitForText(arrival, mark);
  return client;
}
