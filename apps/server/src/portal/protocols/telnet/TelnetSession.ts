/**
 * A telnet session (docs/telnet.md#sessions), plain or over TLS: the same class over a `net` or
 * a `tls` socket. Bytes in go through the parser (commands, subnegotiations), the option
 * negotiator (RFC 1143) and the line reader; lines and GMCP messages become the frames a
 * websocket client sends, checked by the same limits and the same input rate. Frames out become
 * text, prompts ended by EOR or GA, and GMCP once the client agreed to it.
 *
 * A telnet session cannot be resumed: when its connection closes, the session ends at once and
 * the game server is told (docs/telnet.md#sessions).
 */
import type { Socket } from 'node:net';
import { CloseCode, decodeInbound, type OutboundFrame, out, type ProtocolKey } from '@mud/protocol';
import {
  PortalSession,
  type PortalSessionEvents,
  type PortalSessionOptions,
  type SendOptions,
} from '../../PortalSession.js';
import { frameAsGmcp } from '../gmcp.js';
import { OUTPUT_BUFFER_FULL, SlowReader } from '../SlowReader.js';
import { EOR_CMD, GA, IAC, NOP, Opt, subnegotiation } from './codes.js';
import { HTTP_ANSWER, HTTP_REQUEST, promptText, textLine } from './encode.js';
import { Mccp2 } from './Mccp2.js';
import { TelnetInput } from './TelnetInput.js';

export interface TelnetSessionOptions extends PortalSessionOptions {
  /** MUD_MAX_OUTPUT_BUFFER: bytes waiting unsent before the connection is closed; 0 no cap. */
  maxOutputBuffer?: number;
  /** Longest GMCP message (MUD_MAX_FRAME_BYTES). */
  maxGmcp?: number;
  /** Seconds between keepalive NOPs (MUD_HEARTBEAT_INTERVAL); 0 none. */
  keepaliveSeconds?: number;
  /** MSSP's variables, asked when a client wants them. */
  mssp?: () => Record<string, string>;
}

/** Frames only the web client uses. */
const WEB_ONLY = new Set(['resume_token', 'resumed']);
/** How long a closing connection may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

export class TelnetSession extends PortalSession {
  private ended = false;
  private readonly mccp: Mccp2;
  private readonly input: TelnetInput;
  private keepalive: NodeJS.Timeout | undefined;
  private readonly reader: SlowReader;
  /** A secret prompt was sent: ECHO goes off again after the next line. */
  private secretLine = false;

  constructor(
    sessid: number,
    address: string,
    private readonly socket: Socket,
    events: PortalSessionEvents,
    protocolKey: ProtocolKey,
    protected override readonly options: TelnetSessionOptions = {},
  ) {
    super(sessid, address, protocolKey, events, options);
    this.mccp = new Mccp2(socket, () => socket.destroy());
    this.reader = new SlowReader({
      max: options.maxOutputBuffer ?? 0,
      backlog: () => (this.ended || socket.destroyed ? undefined : this.backlog),
      notify: (notice) => this.frame(notice),
      logger: options.logger,
      who: { sessid, address },
    });
    this.input = new TelnetInput(
      {
        write: (bytes) => this.write(bytes),
        spend: () => this.admitFrame(),
        line: (line, first) => this.line(line, first),
        gmcpAction: (action) => this.gmcp(action),
        options: (options) => this.events.input(this, ['client_options', [], options]),
        enabled: (side, option) => this.enabled(side, option),
        disabled: (side, option) => this.disabled(side, option),
        mssp: () => this.options.mssp?.() ?? {},
      },
      options.maxGmcp ?? 65536,
    );
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => this.atEdge(() => !this.ended && this.input.feed(chunk)));
    socket.on('drain', () => this.reader.reportDropped());
    socket.on('close', () => this.lost());
    // 'close' follows every error; a dead peer shows up as one (a write that fails, a reset).
    socket.on('error', () => {});
    socket.on('timeout', () => {});
    const seconds = options.keepaliveSeconds ?? 0;
    if (seconds > 0) {
      this.keepalive = setInterval(() => this.write(Buffer.from([IAC, NOP])), seconds * 1000);
      this.keepalive.unref();
    }
    this.input.start();
  }

  get attached(): boolean {
    return !this.ended;
  }

  /** Telnet has no resume (docs/telnet.md#sessions). */
  override get resumable(): boolean {
    return false;
  }

  resumeFrom(): boolean {
    return false;
  }

  answers(): Promise<boolean> {
    return Promise.resolve(!this.ended && !this.socket.destroyed);
  }

  /** The Core.Supports packages the client listed (GMCP). */
  get gmcpSupports(): ReadonlyMap<string, number> {
    return this.input.gmcp.supports;
  }

  send(frames: readonly OutboundFrame[], options: SendOptions = {}): void {
    if (this.ended) return;
    if (options.chatter === true && this.reader.dropsChatter(frames.length)) return;
    this.reader.reportDropped();
    for (const frame of frames) this.frame(frame);
    if (options.chatter !== true && this.reader.overflowing) this.overflowed();
  }

  private frame(frame: OutboundFrame): void {
    const [name] = frame;
    if (WEB_ONLY.has(name)) return;
    if (frame[0] === 'text') {
      this.write(textLine(frame[1][0]));
      return;
    }
    if (frame[0] === 'prompt') {
      this.prompt(frame[1][0], (frame[2] as { echo?: unknown }).echo === false);
      return;
    }
    if (frame[0] === 'error') this.write(textLine(frame[1][0]));
    if (this.input.gmcpOn) this.write(subnegotiation(Opt.GMCP, frameAsGmcp(frame)));
  }

  /** A prompt, ended by EOR or GA (docs/telnet.md#prompts); a secret one turns ECHO on first. */
  private prompt(text: string, secret: boolean): void {
    if (secret) {
      this.secretLine = true;
      this.input.negotiator.enable('us', Opt.ECHO);
    }
    const end = this.input.negotiator.isOn('us', Opt.EOR)
      ? Buffer.from([IAC, EOR_CMD])
      : this.input.negotiator.isOn('us', Opt.SGA)
        ? Buffer.alloc(0)
        : Buffer.from([IAC, GA]);
    this.write(Buffer.concat([promptText(text), end]));
  }

  private line(line: string, first: boolean): void {
    if (first && HTTP_REQUEST.test(line)) {
      this.socket.write(HTTP_ANSWER);
      this.close(CloseCode.Normal, 'an HTTP request on the telnet port');
      return;
    }
    if (this.secretLine) {
      this.secretLine = false;
      this.input.negotiator.disable('us', Opt.ECHO);
    }
    if (!this.admitFrame()) return;
    // The same parsing, limits and refusals as a websocket `text` frame (a line too long
    // included); a line over the reader's bound is cut there, still over the limit.
    const result = decodeInbound(JSON.stringify(['text', [line], {}]));
    if (!result.ok) {
      this.send([out.error(result.code, result.reason, result.input)]);
      return;
    }
    this.events.input(this, result.value);
  }

  private gmcp(action: ReturnType<TelnetInput['gmcp']['handle']>): void {
    switch (action.kind) {
      case 'options':
        this.events.input(this, ['client_options', [], action.options]);
        return;
      case 'ping':
        this.write(subnegotiation(Opt.GMCP, 'Core.Ping'));
        return;
      case 'input':
        this.events.input(this, action.frame);
        return;
      case 'refused':
        this.refused({
          ok: false,
          code: action.code,
          reason: action.reason,
          ...(action.input === undefined ? {} : { input: action.input }),
        });
        return;
      case 'none':
        return;
    }
  }

  private enabled(side: 'us' | 'him', option: number): void {
    if (side !== 'us') return;
    if (option === Opt.MCCP2) this.mccp.start();
    // State sent before the client agreed to GMCP goes out now (Core.Session, Core.Charmenu).
    if (option === Opt.GMCP) for (const frame of this.lastState.values()) this.frame(frame);
  }

  private disabled(side: 'us' | 'him', option: number): void {
    if (side === 'us' && option === Opt.MCCP2) this.mccp.stop();
  }

  private write(bytes: Buffer): void {
    if (this.ended || this.socket.destroyed) return;
    this.mccp.write(bytes);
  }

  private get backlog(): number {
    return this.socket.writableLength + this.mccp.pending;
  }

  private overflowed(): void {
    this.options.logger?.warn(
      { sessid: this.sessid, address: this.address, buffered: this.backlog, max: this.options.maxOutputBuffer },
      `${OUTPUT_BUFFER_FULL}; connection closed (MUD_MAX_OUTPUT_BUFFER)`,
    );
    this.close(CloseCode.PolicyViolation, OUTPUT_BUFFER_FULL);
  }

  close(_code: number, reason: string): void {
    if (this.ended) return;
    const socket = this.socket;
    // Output already written (a goodbye) still goes out, compressed or not, then the socket ends.
    this.mccp.stop(() => socket.end());
    this.ended = true;
    this.reader.stop();
    clearInterval(this.keepalive);
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    this.events.ended(this, reason);
  }

  private lost(): void {
    clearInterval(this.keepalive);
    this.reader.stop();
    this.mccp.destroy();
    if (this.ended) return;
    this.ended = true;
    this.events.ended(this, 'connection closed by client');
  }
}
