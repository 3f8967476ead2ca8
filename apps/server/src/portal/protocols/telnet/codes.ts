/**
 * Telnet's command bytes (RFC 854) and the option numbers the portal speaks
 * (docs/telnet.md#options).
 */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const NOP = 241;
export const SE = 240;
export const EOR_CMD = 239;

export const Opt = {
  ECHO: 1,
  SGA: 3,
  TTYPE: 24,
  EOR: 25,
  NAWS: 31,
  CHARSET: 42,
  MSSP: 70,
  MCCP2: 86,
  GMCP: 201,
} as const;

/** A negotiation verb: WILL, WONT, DO or DONT. */
export type Verb = typeof WILL | typeof WONT | typeof DO | typeof DONT;

export const isVerb = (byte: number): byte is Verb => byte >= WILL && byte <= DONT;

/** `data` with every IAC doubled, as telnet's data stream and subnegotiations carry it. */
export function escapeIac(data: Buffer): Buffer {
  const first = data.indexOf(IAC);
  if (first < 0) return data;
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = first; i < data.length; i++) {
    if (data[i] !== IAC) continue;
    parts.push(data.subarray(from, i + 1));
    from = i;
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}

/** IAC SB option payload IAC SE, the payload escaped. */
export function subnegotiation(option: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([Buffer.from([IAC, SB, option]), escapeIac(body), Buffer.from([IAC, SE])]);
}
