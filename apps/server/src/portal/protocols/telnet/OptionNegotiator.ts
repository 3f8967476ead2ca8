/**
 * Option negotiation by RFC 1143's Q method, for both sides of every option
 * (docs/telnet.md#negotiation): "us" is whether the portal performs an option (WILL/WONT from
 * us, DO/DONT from the client), "him" whether the client does. Each side of an option is NO,
 * YES, WANTNO or WANTYES with a one-deep queue, so a request crossing the peer's own request
 * never loops, and an answer goes out only when the state changes. An option nobody supports is
 * refused once; the same request again is ignored, so a negotiation storm gets no echo.
 */
import { DO, DONT, type Verb, WILL, WONT } from './codes.js';

type Q = 'no' | 'yes' | 'wantno' | 'wantyes';

interface Side {
  state: Q;
  /** A change wanted while the other is under way (RFC 1143's OPPOSITE). */
  opposite: boolean;
}

export interface NegotiatorEvents {
  send(verb: Verb, option: number): void;
  /** The option is now on (`us`: the portal performs it; `him`: the client does). */
  enabled(side: 'us' | 'him', option: number): void;
  disabled(side: 'us' | 'him', option: number): void;
}

export interface NegotiatorPolicy {
  /** Options the portal agrees to perform when the client asks (DO). */
  us: ReadonlySet<number>;
  /** Options the portal agrees the client performs (WILL). */
  him: ReadonlySet<number>;
}

export class OptionNegotiator {
  private readonly us = new Map<number, Side>();
  private readonly him = new Map<number, Side>();
  /** Requests refused once (`verb:option`): asked again, they are ignored. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly events: NegotiatorEvents,
    private readonly policy: NegotiatorPolicy,
  ) {}

  isOn(side: 'us' | 'him', option: number): boolean {
    return this.side(side, option).state === 'yes';
  }

  /** Asks to turn an option on (`us`: WILL; `him`: DO). */
  enable(side: 'us' | 'him', option: number): void {
    const s = this.side(side, option);
    switch (s.state) {
      case 'no':
        s.state = 'wantyes';
        this.events.send(side === 'us' ? WILL : DO, option);
        return;
      case 'wantno':
        s.opposite = true;
        return;
      case 'wantyes':
        s.opposite = false;
        return;
      case 'yes':
        return;
    }
  }

  /** Asks to turn an option off (`us`: WONT; `him`: DONT). */
  disable(side: 'us' | 'him', option: number): void {
    const s = this.side(side, option);
    switch (s.state) {
      case 'yes':
        s.state = 'wantno';
        this.events.send(side === 'us' ? WONT : DONT, option);
        return;
      case 'wantyes':
        s.opposite = true;
        return;
      case 'wantno':
        s.opposite = false;
        return;
      case 'no':
        return;
    }
  }

  /** A WILL / WONT / DO / DONT from the client. */
  receive(verb: Verb, option: number): void {
    const side = verb === WILL || verb === WONT ? 'him' : 'us';
    if (verb === WILL || verb === DO) this.received(side, option, true);
    else this.received(side, option, false);
  }

  private received(side: 'us' | 'him', option: number, on: boolean): void {
    const s = this.side(side, option);
    const yes = side === 'us' ? WILL : DO;
    const no = side === 'us' ? WONT : DONT;
    const agrees = (side === 'us' ? this.policy.us : this.policy.him).has(option);
    if (on) {
      switch (s.state) {
        case 'no': {
          if (agrees) {
            s.state = 'yes';
            this.events.send(yes, option);
            this.events.enabled(side, option);
            return;
          }
          const key = `${side}:${option}`;
          if (this.refused.has(key)) return;
          this.refused.add(key);
          this.events.send(no, option);
          return;
        }
        case 'yes':
          return;
        case 'wantno':
          // Our "no" was answered "yes": an error by the peer (RFC 1143); with a queued
          // "yes" the option is on after all.
          if (s.opposite) {
            s.state = 'yes';
            s.opposite = false;
            this.events.enabled(side, option);
          } else {
            s.state = 'no';
            this.events.disabled(side, option);
          }
          return;
        case 'wantyes':
          if (s.opposite) {
            s.state = 'wantno';
            s.opposite = false;
            this.events.send(no, option);
          } else {
            s.state = 'yes';
            this.events.enabled(side, option);
          }
          return;
      }
    }
    switch (s.state) {
      case 'no':
        return;
      case 'yes':
        s.state = 'no';
        this.events.send(no, option);
        this.events.disabled(side, option);
        return;
      case 'wantno':
        if (s.opposite) {
          s.state = 'wantyes';
          s.opposite = false;
          this.events.send(yes, option);
        } else {
          s.state = 'no';
          this.events.disabled(side, option);
        }
        return;
      case 'wantyes':
        s.state = 'no';
        s.opposite = false;
        // A refusal of our own request: refused once, never asked again unless we ask.
        this.events.disabled(side, option);
        return;
    }
  }

  private side(side: 'us' | 'him', option: number): Side {
    const map = side === 'us' ? this.us : this.him;
    let s = map.get(option);
    if (!s) {
      s = { state: 'no', opposite: false };
      map.set(option, s);
    }
    return s;
  }
}
