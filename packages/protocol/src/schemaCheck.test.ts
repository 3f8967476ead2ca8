import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './codes.js';
import { decodeOutbound, OutboundFrame } from './frames.js';
import { outboundDecoder } from './outboundDecoder.js';
import { compileSchema } from './schemaCheck.js';

/** TypeBox's own interpreter: the reference the checker is held to. */
const referenceDecode = (raw: string): boolean => {
  try {
    return Value.Check(OutboundFrame, JSON.parse(raw));
  } catch {
    return false;
  }
};

const valid: OutboundFrame[] = [
  ['text', ['Hello\n'], {}],
  ['text', ['\x1b[1mHall\x1b[0m'], { type: 'look' }],
  ['prompt', ['HP 10> '], {}],
  ['prompt', ['Password:'], { echo: false }],
  ['logged_in', [], {}],
  ['error', ['No.'], { code: 'E_LOGIN_FAILED' }],
  ['error', ['No.'], { code: 'E_INVALID_ARGUMENTS', input: 'login' }],
  ['session', [], { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0 }],
  ['session', [], { sessid: 9, loggedIn: true, account: 'Ann', puppet: 'Bea', mode: 3 }],
  [
    'charmenu',
    [],
    {
      account: 'Ann',
      characters: [{ id: 1, name: 'Bea', description: 'A dwarf.', puppetedBy: [2, 3] }],
      sessions: [
        {
          sessid: 2,
          protocolKey: 'websocket',
          address: '127.0.0.1',
          connTime: 1.7e12,
          cmdLastVisible: 1.7e12,
          puppet: null,
        },
      ],
      maxCharacters: 5,
      maxPuppets: 5,
    },
  ],
  ['resume_token', [], { token: 'a'.repeat(43), graceSeconds: 60 }],
  ['resumed', [], { sessid: 4 }],
  ['oob', ['hp', [10, 'x', null, { deep: [1] }]], { max: 20, nested: { a: [true] } }],
  ['oob', ['Char.Vitals', []], {}],
];

/** Odd values to put in place of any part of a valid frame. */
const oddities: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  4,
  'x',
  '',
  [],
  {},
  [1],
  { a: 1 },
  'E_LOGIN_FAILED',
  'a'.repeat(300),
];

/** Every variant of `value` with one part replaced, removed or added. */
function* mutations(value: unknown): Generator<unknown> {
  for (const odd of oddities) yield odd;
  if (Array.isArray(value)) {
    yield [...value, 'extra'];
    for (let i = 0; i < value.length; i++) {
      yield value.filter((_, j) => j !== i);
      for (const inner of mutations(value[i])) yield value.map((v, j) => (j === i ? inner : v));
    }
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    yield { ...value, extra: 1 };
    for (const [key, v] of entries) {
      yield Object.fromEntries(entries.filter(([k]) => k !== key));
      for (const inner of mutations(v)) yield { ...value, [key]: inner };
    }
  }
}

describe('schemaCheck', () => {
  it('agrees with TypeBox on every frame and thousands of mutations of them', () => {
    // The web client's build checks against the schema serialised to JSON: test that form too.
    const baked = outboundDecoder<OutboundFrame>(JSON.parse(JSON.stringify(OutboundFrame)));
    let compared = 0;
    let accepted = 0;
    for (const frame of valid) {
      for (const candidate of [frame, ...mutations(frame)]) {
        const raw = JSON.stringify(candidate);
        const expected = referenceDecode(raw);
        expect({ raw, ok: decodeOutbound(raw) !== null }).toEqual({ raw, ok: expected });
        expect(baked(raw) !== null).toBe(expected);
        compared++;
        if (expected) accepted++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // The corpus exercises both answers, not just refusals.
    expect(accepted).toBeGreaterThan(valid.length);
  });

  it('accepts each valid frame and refuses non-JSON', () => {
    for (const frame of valid) expect(decodeOutbound(JSON.stringify(frame))).toEqual(frame);
    expect(decodeOutbound('not json')).toBeNull();
    expect(decodeOutbound('')).toBeNull();
  });

  it('refuses an error frame whose code is not in the ErrorCode catalogue', () => {
    const baked = outboundDecoder<OutboundFrame>(JSON.parse(JSON.stringify(OutboundFrame)));
    for (const code of Object.values(ErrorCode)) {
      expect(baked(JSON.stringify(['error', ['No.'], { code }]))).not.toBeNull();
    }
    for (const code of ['E_NOPE', 'e_login_failed', '', 'LoginFailed']) {
      const raw = JSON.stringify(['error', ['No.'], { code }]);
      expect(baked(raw), code).toBeNull();
      expect(decodeOutbound(raw), code).toBeNull();
      expect(referenceDecode(raw), code).toBe(false);
    }
  });

  it('refuses a prompt whose echo is not a boolean', () => {
    for (const echo of ['no', 0, null]) {
      const raw = JSON.stringify(['prompt', ['Password:'], { echo }]);
      expect(decodeOutbound(raw), String(echo)).toBeNull();
      expect(referenceDecode(raw), String(echo)).toBe(false);
    }
  });

  it('fails closed on keywords it does not know', () => {
    expect(() => compileSchema({ type: 'string', pattern: '^a' })).toThrow(/pattern/);
    expect(() => compileSchema({ type: 'date' })).toThrow(/type/);
    expect(() => compileSchema({ items: [{ type: 'string' }], additionalItems: { type: 'string' } })).toThrow();
  });

  it('handles schema-valued items and additionalProperties', () => {
    const check = compileSchema({
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'integer', minimum: 1 } } },
      additionalProperties: { type: 'boolean' },
    });
    expect(check({ list: [1, 2], flag: true })).toBe(true);
    expect(check({ list: [0] })).toBe(false);
    expect(check({ list: [], flag: 'no' })).toBe(false);
  });
});
