/**
 * Property-based tests (fast-check) of the wire codec in `@mud/protocol`, the first code every
 * untrusted byte meets (issue 6). `decodeInbound` must never throw, must accept exactly the
 * frames the schema accepts (TypeBox's interpreter is the oracle, independent of the compiled
 * checkers the decoder uses) whose open kwargs are within `Limits.kwargs`, must classify every refusal with a stable code and a bounded
 * message, and must give back, unchanged, every valid frame a client encodes.
 *
 * It lives in apps/server because fast-check is a dev dependency of this package only.
 */
import {
  decodeInbound,
  decodeOutbound,
  ErrorCode,
  encodeOutbound,
  INBOUND_NAMES,
  InboundFrame,
  type OutboundFrame,
  out,
  withinKwargsLimits,
} from '@mud/protocol';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = { numRuns: 400 };
const CODES = new Set<string>(Object.values(ErrorCode));
/** Longest message or echoed input a refusal may carry, whatever the frame's size. */
const MAX_MESSAGE = 200;

/** Any UTF-16 code unit, lone surrogates included: what JSON's `\uXXXX` escapes can produce. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyUnitString = fc.string({ unit: anyUnit, maxLength: 60 });
/** Strings an attacker would try: escapes, controls, bidi, prototype names, huge numbers. */
const nastyString = fc.oneof(
  anyUnitString,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '\x1b[2J',
    '\x1b]52;c;cHduZWQ=\x07',
    '\u202e',
    '\ufeff',
    '\ud800',
    '\udfff',
    'NaN',
    'Infinity',
    '-0',
    '',
  ),
);
const nameArb = fc.oneof(fc.constantFrom(...INBOUND_NAMES), nastyString);
/** JSON values with strings from the whole of UTF-16 and from the nasty list. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** Values shaped like frames, so the fuzzer spends its time past the first shape checks. */
const frameLike = fc.tuple(
  nameArb,
  fc.oneof(fc.array(json, { maxLength: 3 }), json),
  fc.oneof(fc.dictionary(nastyString, json, { maxKeys: 4 }), json),
);

/**
 * Whether the frame's kwargs pass the bounds the schema cannot express (total keys, bytes): only
 * `text` and `idle` have open kwargs.
 */
function openKwargsWithinLimits(sent: unknown): boolean {
  if (!Array.isArray(sent) || (sent[0] !== 'text' && sent[0] !== 'idle')) return true;
  const kwargs: unknown = sent[2];
  return typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs) || withinKwargsLimits(kwargs);
}

function nested(depth: number, open: string, close: string, inner = ''): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Checks the contract every decode result must honour and returns it. */
function decode(raw: string): ReturnType<typeof decodeInbound> {
  const result = decodeInbound(raw);
  if (result.ok) {
    expect(Value.Check(InboundFrame, result.value)).toBe(true);
  } else {
    expect(CODES.has(result.code)).toBe(true);
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeLessThanOrEqual(MAX_MESSAGE);
    if (result.input !== undefined) expect(result.input.length).toBeLessThanOrEqual(40);
  }
  return result;
}

describe('decodeInbound (property-based)', () => {
  it('never throws on any string, printable or not', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnitString, fc.string({ unit: 'binary' }), fc.string()), (raw) => {
        decode(raw);
      }),
      RUNS,
    );
  });

  it('never throws on mutilated JSON: truncated, spliced, with garbage around it', () => {
    fc.assert(
      fc.property(frameLike, fc.nat(), fc.nat(), anyUnitString, (value, cut, at, junk) => {
        const text = JSON.stringify(value);
        decode(text.slice(0, cut % (text.length + 1)));
        const i = at % (text.length + 1);
        decode(text.slice(0, i) + junk + text.slice(i));
      }),
      RUNS,
    );
  });

  it('accepts exactly the JSON values the schema accepts, and returns them unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(json, frameLike), (value) => {
        const raw = JSON.stringify(value);
        // JSON.stringify leaves out what JSON cannot carry (undefined): compare with what a
        // peer would actually receive.
        const sent = JSON.parse(raw) as unknown;
        const result = decode(raw);
        expect(result.ok).toBe(Value.Check(InboundFrame, sent) && openKwargsWithinLimits(sent));
        if (result.ok) expect(result.value).toEqual(sent);
      }),
      RUNS,
    );
  });

  it('classifies refusals: not JSON or not a triple -> malformed, unknown name -> unknown input, bad args -> invalid', () => {
    fc.assert(
      fc.property(fc.oneof(json, frameLike), (value) => {
        const sent = JSON.parse(JSON.stringify(value)) as unknown;
        const result = decode(JSON.stringify(value));
        if (result.ok) return;
        const triple =
          Array.isArray(sent) &&
          sent.length === 3 &&
          typeof sent[0] === 'string' &&
          Array.isArray(sent[1]) &&
          typeof sent[2] === 'object' &&
          sent[2] !== null &&
          !Array.isArray(sent[2]);
        if (!triple) expect(result.code).toBe(ErrorCode.MalformedFrame);
        else if (!(INBOUND_NAMES as readonly string[]).includes(sent[0] as string))
          expect(result.code).toBe(ErrorCode.UnknownInput);
        else if (!openKwargsWithinLimits(sent)) expect(result.code).toBe(ErrorCode.KwargsTooLarge);
        else expect(result.code).toBe(ErrorCode.InvalidArguments);
      }),
      RUNS,
    );
  });

  it('round-trips every valid inbound frame a client can build', () => {
    const credentials = fc.record({
      name: fc.string({ unit: anyUnit, maxLength: 200 }),
      password: fc.string({ unit: anyUnit, maxLength: 1024 }),
    });
    const primitive = fc.oneof(
      fc.string({ unit: anyUnit, maxLength: 256 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
    );
    const valid: fc.Arbitrary<InboundFrame> = fc.oneof(
      fc.tuple(fc.constant('text' as const), fc.tuple(fc.string({ unit: anyUnit })), fc.constant({})),
      fc.tuple(
        fc.constant('idle' as const),
        fc.constant([] as []),
        fc.dictionary(nastyString, json, { maxKeys: 3 }).filter(withinKwargsLimits),
      ),
      fc.tuple(fc.constant('login' as const), fc.constant([] as []), credentials),
      fc.tuple(fc.constant('create' as const), fc.constant([] as []), credentials),
      fc.tuple(
        fc.constant('client_options' as const),
        fc.constant([] as []),
        fc.dictionary(fc.string({ unit: anyUnit, minLength: 1, maxLength: 64 }), primitive, { maxKeys: 6 }),
      ),
      fc.tuple(
        fc.constant('resume' as const),
        fc.constant([] as []),
        fc.record({ token: fc.string({ unit: anyUnit, minLength: 16, maxLength: 128 }) }),
      ),
    ) as fc.Arbitrary<InboundFrame>;
    fc.assert(
      fc.property(valid, (frame) => {
        const raw = JSON.stringify(frame);
        const result = decode(raw);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toEqual(JSON.parse(raw));
      }),
      RUNS,
    );
  });

  it('refuses every name it does not know, prototype names included', () => {
    fc.assert(
      fc.property(
        nameArb.filter((n) => !(INBOUND_NAMES as readonly string[]).includes(n)),
        (name) => {
          const result = decode(JSON.stringify([name, [], {}]));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.code).toBe(ErrorCode.UnknownInput);
        },
      ),
      RUNS,
    );
  });

  it('does not pollute prototypes whatever keys a frame carries', () => {
    const keys = ['__proto__', 'constructor', 'prototype'];
    for (const key of keys) {
      for (const name of INBOUND_NAMES) {
        decodeInbound(`["${name}", [], {"${key}": {"polluted": true}}]`);
        decodeInbound(`["${name}", [], {"${key}": {"prototype": {"polluted": true}}}]`);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('handles pathological but legal JSON without throwing or recursing to death', () => {
    const cases: [string, ErrorCode | 'ok'][] = [
      [nested(10_000, '[', ']'), ErrorCode.MalformedFrame],
      [nested(10_000, '[', ''), ErrorCode.MalformedFrame],
      [nested(5_000, '{"a":', '}', '1'), ErrorCode.MalformedFrame],
      [`["text", ${nested(10_000, '[', ']')}, {}]`, ErrorCode.InvalidArguments],
      [`["client_options", [], {"x": ${nested(10_000, '[', ']')}}]`, ErrorCode.InvalidArguments],
      // The attack of issue 11: legal JSON, but it overflowed JSON.stringify when forwarded.
      [`["idle", [], {"x": ${nested(5_000, '{"a":', '}', '1')}}]`, ErrorCode.KwargsTooLarge],
      [`["text", ["look"], {"x": ${nested(20_000, '[', ']')}}]`, ErrorCode.KwargsTooLarge],
      ['["text", [1e309], {}]', ErrorCode.InvalidArguments],
      ['["text", [-1e309], {}]', ErrorCode.InvalidArguments],
      ['["client_options", [], {"w": 1e308}]', 'ok'],
      ['["client_options", [], {"w": 1e309}]', ErrorCode.InvalidArguments],
      ['["client_options", [], {"w": 5e-324}]', 'ok'],
      ['["text", [9007199254740993], {}]', ErrorCode.InvalidArguments],
      [`["${'n'.repeat(100_000)}", [], {}]`, ErrorCode.UnknownInput],
      ['\ufeff["text", ["look"], {}]', ErrorCode.MalformedFrame],
      ['["text", ["look"], {}]\u0000', ErrorCode.MalformedFrame],
      [' \n\t["text", ["look"], {}]\r\n ', 'ok'],
      ['["\\u0074ext", ["look"], {}]', 'ok'],
      ['["text", ["\\ud800"], {}]', 'ok'],
      ['["login", [], {"name": "a", "name": "b", "password": "c"}]', 'ok'],
    ];
    for (const [raw, expected] of cases) {
      const result = decode(raw);
      if (expected === 'ok') expect(result.ok, raw.slice(0, 60)).toBe(true);
      else expect(result.ok ? 'ok' : result.code, raw.slice(0, 60)).toBe(expected);
    }
  });
});

describe('decodeOutbound / encodeOutbound (property-based)', () => {
  it('a client decoder never throws on anything a server (or a proxy) might send', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyUnitString,
          json.map((v) => JSON.stringify(v)),
          frameLike.map((v) => JSON.stringify(v)),
        ),
        (raw) => {
          decodeOutbound(raw);
        },
      ),
      RUNS,
    );
  });

  it('round-trips the frames the server builds, whatever text they carry', () => {
    const text = fc.string({ unit: anyUnit, maxLength: 200 });
    const frame: fc.Arbitrary<OutboundFrame> = fc.oneof(
      text.map((t) => out.text(t)),
      fc.tuple(text, text).map(([t, type]) => out.text(t, type)),
      text.map((t) => out.prompt(t)),
      fc.constant(out.loggedIn()),
      fc.tuple(fc.constantFrom(...Object.values(ErrorCode)), text).map(([code, m]) => out.error(code, m)),
      fc
        .record({
          sessid: fc.integer({ min: 1, max: 1e9 }),
          loggedIn: fc.boolean(),
          account: fc.option(text, { nil: null }),
          puppet: fc.option(text, { nil: null }),
          mode: fc.integer({ min: 0, max: 3 }),
        })
        .map((s) => out.session(s)),
      fc.tuple(text, fc.integer({ min: 0, max: 86_400 })).map(([t, g]) => out.resumeToken(t, g)),
      fc.integer({ min: 1, max: 1e9 }).map((s) => out.resumed(s)),
    );
    fc.assert(
      fc.property(frame, (f) => {
        expect(decodeOutbound(encodeOutbound(f))).toEqual(f);
      }),
      RUNS,
    );
  });
});
