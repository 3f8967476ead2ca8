/**
 * Everything a telnet client sends, taken apart (docs/telnet.md#the-byte-stream): the parser
 * splits commands and subnegotiations from data, the negotiator answers options (RFC 1143), the
 * options' subnegotiations are read here, the data becomes lines. What the session must act on
 * comes out as its events.
 *
 * Bytes that are not text cost the sender too: every `NON_TEXT_PER_TOKEN` commands or
 * subnegotiations spend one of the session's input-rate tokens, and past the rate they are
 * ignored, so an IAC flood or a negotiation storm throttles its sender and nobody else.
 */
import { Limits } from '@mud/protocol';
import { IAC, Opt, subnegotiation } from './codes.js';
import { type GmcpAction, GmcpInbound } from './GmcpInbound.js';
import { LineReader } from './LineReader.js';
import { OptionNegotiator } from './OptionNegotiator.js';
import {
  CHARSET_REQUEST,
  type ClientOptions,
  charsetAnswer,
  msspPayload,
  nawsOptions,
  TTYPE_SEND,
  TtypeCycle,
} from './options.js';
import { TelnetParser } from './TelnetParser.js';

/** Commands and subnegotiations one input-rate token pays for. */
export const NON_TEXT_PER_TOKEN = 8;
/** Longest subnegotiation but GMCP's (whose bound is MUD_MAX_FRAME_BYTES). */
export const MAX_SUBNEGOTIATION = 8 * 1024;
/** Bytes a line may hold: a line of `Limits.lineLength` UTF-16 units is at most 3 bytes each. */
const MAX_LINE_BYTES = Limits.lineLength * 3 + 4;

export interface TelnetInputEvents {
  write(bytes: Buffer): void;
  /** Spends one input-rate token; false past the rate. */
  spend(): boolean;
  line(text: string, first: boolean): void;
  gmcpAction(action: GmcpAction): void;
  options(options: ClientOptions): void;
  enabled(side: 'us' | 'him', option: number): void;
  disabled(side: 'us' | 'him', option: number): void;
  mssp(): Record<string, string>;
}

/** What the portal offers (us) and accepts from the client (him). */
const US = new Set<number>([Opt.SGA, Opt.EOR, Opt.GMCP, Opt.MSSP, Opt.MCCP2, Opt.CHARSET]);
const HIM = new Set<number>([Opt.TTYPE, Opt.NAWS, Opt.CHARSET]);

export class TelnetInput {
  readonly negotiator: OptionNegotiator;
  readonly gmcp = new GmcpInbound();
  private readonly parser: TelnetParser;
  private readonly lines: LineReader;
  private readonly ttype = new TtypeCycle();
  private credit = 0;
  private linesRead = 0;

  constructor(
    private readonly events: TelnetInputEvents,
    private readonly maxGmcp: number,
  ) {
    this.negotiator = new OptionNegotiator(
      {
        send: (verb, option) => events.write(Buffer.from([IAC, verb, option])),
        enabled: (side, option) => this.enabled(side, option),
        disabled: (side, option) => events.disabled(side, option),
      },
      { us: US, him: HIM },
    );
    this.lines = new LineReader(MAX_LINE_BYTES, (text) => events.line(text, this.linesRead++ === 0));
    this.parser = new TelnetParser(
      {
        data: (bytes) => this.lines.feed(bytes),
        negotiation: (verb, option) => this.nonText() && this.negotiator.receive(verb, option),
        command: () => this.nonText(),
        subnegotiation: (option, payload) => this.nonText() && this.subnegotiation(option, payload),
        oversized: () => this.nonText(),
      },
      Math.max(maxGmcp, MAX_SUBNEGOTIATION),
    );
  }

  /** The portal's opening offers. */
  start(): void {
    for (const option of [Opt.TTYPE, Opt.NAWS]) this.negotiator.enable('him', option);
    for (const option of [Opt.GMCP, Opt.MSSP, Opt.MCCP2, Opt.EOR, Opt.CHARSET]) this.negotiator.enable('us', option);
  }

  get gmcpOn(): boolean {
    return this.negotiator.isOn('us', Opt.GMCP);
  }

  feed(chunk: Buffer): void {
    this.parser.feed(chunk);
  }

  /** One command or subnegotiation's share of an input-rate token; false past the rate. */
  private nonText(): boolean {
    if (this.credit > 0) {
      this.credit--;
      return true;
    }
    if (!this.events.spend()) return false;
    this.credit = NON_TEXT_PER_TOKEN - 1;
    return true;
  }

  private enabled(side: 'us' | 'him', option: number): void {
    if (side === 'him' && option === Opt.TTYPE) this.events.write(subnegotiation(Opt.TTYPE, TTYPE_SEND));
    if (side === 'us' && option === Opt.MSSP) {
      this.events.write(subnegotiation(Opt.MSSP, msspPayload(this.events.mssp())));
    }
    if (side === 'us' && option === Opt.CHARSET) this.events.write(subnegotiation(Opt.CHARSET, CHARSET_REQUEST));
    this.events.enabled(side, option);
  }

  private subnegotiation(option: number, payload: Buffer): void {
    if (option !== Opt.GMCP && payload.length > MAX_SUBNEGOTIATION) return;
    switch (option) {
      case Opt.NAWS: {
        if (!this.negotiator.isOn('him', Opt.NAWS)) return;
        const options = nawsOptions(payload);
        if (options) this.events.options(options);
        return;
      }
      case Opt.TTYPE: {
        if (!this.negotiator.isOn('him', Opt.TTYPE)) return;
        const { options, again } = this.ttype.answer(payload);
        if (options) this.events.options(options);
        if (again) this.events.write(subnegotiation(Opt.TTYPE, TTYPE_SEND));
        return;
      }
      case Opt.GMCP:
        if (!this.gmcpOn) return;
        // Every GMCP message spends the input rate like a line (its non-text share aside).
        if (payload.length <= this.maxGmcp && this.events.spend()) {
          this.events.gmcpAction(this.gmcp.handle(payload.toString('utf8')));
        }
        return;
      case Opt.CHARSET: {
        const { reply, utf8 } = charsetAnswer(payload);
        if (reply) this.events.write(subnegotiation(Opt.CHARSET, reply));
        if (utf8 === true) this.events.options({ 'utf-8': true });
        return;
      }
    }
  }
}
