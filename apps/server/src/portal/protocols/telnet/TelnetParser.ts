/**
 * Telnet's inbound byte stream split into data, commands and subnegotiations (RFC 854, 855),
 * whatever way TCP cut it: a chunk may end anywhere, inside an IAC sequence or a subnegotiation
 * (docs/telnet.md#the-byte-stream). Subnegotiations past `maxSubnegotiation` bytes are dropped
 * (reported once, the rest skipped up to their IAC SE), so an endless one costs memory no more
 * than the bound.
 */
import { IAC, isVerb, SB, SE, type Verb } from './codes.js';

export interface TelnetParserEvents {
  /** Plain data bytes, IAC IAC already undoubled. */
  data(bytes: Buffer): void;
  /** WILL / WONT / DO / DONT option. */
  negotiation(verb: Verb, option: number): void;
  /** Any other command (NOP, GA, AYT...). */
  command(byte: number): void;
  /** IAC SB option ... IAC SE, the payload undoubled. */
  subnegotiation(option: number, payload: Buffer): void;
  /** A subnegotiation longer than the bound, dropped. */
  oversized(option: number): void;
}

enum State {
  Data,
  Iac,
  Verb,
  SbOption,
  Sb,
  SbIac,
}

export class TelnetParser {
  private state = State.Data;
  private verb: Verb = 0 as Verb;
  private sbOption = 0;
  private sbBytes: number[] = [];
  private sbDropping = false;

  constructor(
    private readonly events: TelnetParserEvents,
    private readonly maxSubnegotiation: number,
  ) {}

  feed(chunk: Buffer): void {
    let dataFrom = -1;
    const flush = (to: number) => {
      if (dataFrom >= 0 && to > dataFrom) this.events.data(chunk.subarray(dataFrom, to));
      dataFrom = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      switch (this.state) {
        case State.Data:
          if (byte === IAC) {
            flush(i);
            this.state = State.Iac;
          } else if (dataFrom < 0) dataFrom = i;
          break;
        case State.Iac:
          this.state = State.Data;
          if (byte === IAC)
            dataFrom = i; // IAC IAC: one data byte 255, starting a new run
          else if (isVerb(byte)) {
            this.verb = byte;
            this.state = State.Verb;
          } else if (byte === SB) this.state = State.SbOption;
          else if (byte !== SE) this.events.command(byte);
          break;
        case State.Verb:
          this.state = State.Data;
          this.events.negotiation(this.verb, byte);
          break;
        case State.SbOption:
          this.sbOption = byte;
          this.sbBytes = [];
          this.sbDropping = false;
          this.state = State.Sb;
          break;
        case State.Sb:
          if (byte === IAC) this.state = State.SbIac;
          else this.sbByte(byte);
          break;
        case State.SbIac:
          if (byte === IAC) {
            this.sbByte(IAC);
            this.state = State.Sb;
          } else if (byte === SE) {
            this.state = State.Data;
            if (!this.sbDropping) this.events.subnegotiation(this.sbOption, Buffer.from(this.sbBytes));
            this.sbBytes = [];
          } else {
            // A command inside a subnegotiation (RFC 855 leaves it undefined): the
            // subnegotiation is over, and the command is read as one.
            this.state = State.Iac;
            this.sbBytes = [];
            i--;
          }
          break;
      }
    }
    flush(chunk.length);
  }

  private sbByte(byte: number): void {
    if (this.sbDropping) return;
    if (this.sbBytes.length >= this.maxSubnegotiation) {
      this.sbDropping = true;
      this.sbBytes = [];
      this.events.oversized(this.sbOption);
      return;
    }
    this.sbBytes.push(byte);
  }
}
