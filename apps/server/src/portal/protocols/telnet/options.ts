/**
 * The telnet options' payloads (docs/telnet.md#options): what NAWS, TTYPE with MTTS, MSSP and
 * CHARSET subnegotiations mean, as plain functions of bytes, so each is tested on its own.
 */
import { cleanLine } from './LineReader.js';

export type ClientOptions = Record<string, string | number | boolean>;

/** NAWS (RFC 1073): width and height, 16 bits each; 0 means unknown. */
export function nawsOptions(payload: Buffer): ClientOptions | undefined {
  if (payload.length !== 4) return undefined;
  const width = payload.readUInt16BE(0);
  const height = payload.readUInt16BE(2);
  const options: ClientOptions = {};
  if (width > 0) options.screenwidth = width;
  if (height > 0) options.screenheight = height;
  return Object.keys(options).length > 0 ? options : undefined;
}

/** MTTS bits (https://tintin.mudhalla.net/protocols/mtts/) and the client options they set. */
const MTTS_FLAGS: readonly [number, string][] = [
  [1, 'ansi'],
  [2, 'vt100'],
  [4, 'utf-8'],
  [8, 'xterm256'],
  [16, 'mouse_tracking'],
  [32, 'osc_color_palette'],
  [64, 'screenreader'],
  [128, 'proxy'],
  [256, 'truecolor'],
  [512, 'mnes'],
  [1024, 'mslp'],
  [2048, 'tls'],
];

/** Clients known to show 256 colours that may not say so in their terminal type. */
const XTERM256_CLIENTS = /^(MUDLET|TINTIN\+\+|MUSHCLIENT|POTATO|BLOWTORCH|BEIP|CMUD|ATLANTIS|KILDCLIENT)\b/;

const TTYPE_IS = 0;
export const TTYPE_SEND = Buffer.from([1]);
/** A name or type kept at most this long. */
const MAX_NAME = 64;

/**
 * The three-round TTYPE cycle (MTTS): the client's name, its terminal type, then `MTTS <bits>`.
 * A client that answers the same twice does not cycle: what it said is all there is.
 */
export class TtypeCycle {
  private round = 0;
  private previous = '';
  private readonly options: ClientOptions = {};

  /** Whether another SEND is due after this answer; `options` are what it taught, if any. */
  answer(payload: Buffer): { options?: ClientOptions; again: boolean } {
    if (payload[0] !== TTYPE_IS || this.round >= 3) return { again: false };
    const text = cleanLine(payload.subarray(1)).trim().slice(0, MAX_NAME);
    this.round++;
    if (this.round > 1 && text.toUpperCase() === this.previous.toUpperCase()) {
      this.round = 3;
      return { again: false };
    }
    this.previous = text;
    const upper = text.toUpperCase();
    if (this.round === 1) {
      this.options.client_name = text;
      if (XTERM256_CLIENTS.test(upper)) Object.assign(this.options, { ansi: true, xterm256: true });
    } else if (this.round === 2) {
      this.terminal(upper);
    } else {
      const match = /^MTTS (\d{1,9})$/.exec(upper);
      if (match) this.mtts(Number(match[1]));
    }
    return { options: { ...this.options }, again: this.round < 3 };
  }

  private terminal(type: string): void {
    if (type === 'DUMB') this.options.ansi = false;
    else if (/TRUECOLOR/.test(type)) Object.assign(this.options, { ansi: true, xterm256: true, truecolor: true });
    else if (/256COLOR/.test(type)) Object.assign(this.options, { ansi: true, xterm256: true });
    else if (/ANSI|XTERM|VT100|LINUX|SCREEN|RXVT/.test(type)) this.options.ansi = true;
  }

  private mtts(bits: number): void {
    for (const [bit, flag] of MTTS_FLAGS) this.options[flag] = (bits & bit) !== 0;
  }
}

const MSSP_VAR = 1;
const MSSP_VAL = 2;

/** An MSSP payload (https://tintin.mudhalla.net/protocols/mssp/): VAR name VAL value, ... */
export function msspPayload(vars: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(vars)) {
    parts.push(Buffer.from([MSSP_VAR]), Buffer.from(name), Buffer.from([MSSP_VAL]), Buffer.from(value));
  }
  return Buffer.concat(parts);
}

/** CHARSET (RFC 2066) subnegotiation codes. */
export const Charset = { REQUEST: 1, ACCEPTED: 2, REJECTED: 3, TTABLE_IS: 4, TTABLE_REJECTED: 5 } as const;

/** The portal's request: UTF-8, the one character set it speaks. */
export const CHARSET_REQUEST = Buffer.concat([Buffer.from([Charset.REQUEST]), Buffer.from(';UTF-8')]);

const isUtf8 = (name: string) => /^UTF-?8$/i.test(name.trim());

/** What to answer a CHARSET subnegotiation from the client, and what it tells. */
export function charsetAnswer(payload: Buffer): { reply?: Buffer; utf8?: boolean } {
  const code = payload[0];
  if (code === Charset.REQUEST) {
    // REQUEST [TTABLE version] sep name sep name...
    let rest = payload.subarray(1);
    if (rest.subarray(0, 7).toString('latin1') === '[TTABLE') rest = rest.subarray(rest.indexOf(']') + 2);
    const sep = rest[0];
    if (sep === undefined) return { reply: Buffer.from([Charset.REJECTED]) };
    const names = rest.subarray(1).toString('latin1').split(String.fromCharCode(sep));
    const utf8 = names.find(isUtf8);
    return utf8 === undefined
      ? { reply: Buffer.from([Charset.REJECTED]) }
      : { reply: Buffer.concat([Buffer.from([Charset.ACCEPTED]), Buffer.from(utf8, 'latin1')]), utf8: true };
  }
  if (code === Charset.ACCEPTED) return isUtf8(payload.subarray(1).toString('latin1')) ? { utf8: true } : {};
  if (code === Charset.REJECTED) return { utf8: false };
  if (code === Charset.TTABLE_IS) return { reply: Buffer.from([Charset.TTABLE_REJECTED]) };
  return {};
}
