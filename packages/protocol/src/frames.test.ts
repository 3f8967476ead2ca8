import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { lazyChecker } from './check.js';
import { ErrorCode } from './codes.js';
import {
  ClientOptionsIn,
  decodeInbound,
  GameInputFrame,
  InboundFrame,
  MAX_CLIENT_OPTION_KEY_LENGTH,
  MAX_CLIENT_OPTIONS_PER_FRAME,
} from './frames.js';
import { Limits } from './limits.js';

describe('client_options keys and their number', () => {
  const compiled = lazyChecker(ClientOptionsIn);
  const frame = (options: Record<string, unknown>) => ['client_options', [], options];
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
  const CASES: [label: string, options: Record<string, unknown>, ok: boolean][] = [
    ['no options', {}, true],
    ['the web client’s', { screenwidth: 80, screenheight: 24, ansi: true, utf8: true }, true],
    ['a 64-character key', { ['k'.repeat(MAX_CLIENT_OPTION_KEY_LENGTH)]: 1 }, true],
    ['a key with a newline and a NUL', { 'a\nb\u0000c\u2028': 'x' }, true],
    ['32 keys', many(MAX_CLIENT_OPTIONS_PER_FRAME), true],
    ['prototype names as keys', JSON.parse('{"__proto__": "x", "constructor": 1}'), true],
    ['a 65-character key', { ['k'.repeat(MAX_CLIENT_OPTION_KEY_LENGTH + 1)]: 1 }, false],
    ['a 10,000-character key', { ['k'.repeat(10_000)]: 1 }, false],
    ['a 65-character key among good ones', { a: 1, ['k'.repeat(65)]: 1, b: 2 }, false],
    ['33 emoji (66 code units)', { ['😀'.repeat(33)]: 1 }, false],
    ['an empty key', { '': 1 }, false],
    ['33 keys', many(MAX_CLIENT_OPTIONS_PER_FRAME + 1), false],
    ['1,800 keys', many(1800), false],
    ['an object value', { a: { b: 1 } }, false],
  ];

  it.each(CASES)('%s: the same answer from Value.Check, the compiled checker and decodeInbound', (_l, options, ok) => {
    const value = frame(options);
    expect(Value.Check(ClientOptionsIn, value)).toBe(ok);
    expect(compiled(value)).toBe(ok);
    const decoded = decodeInbound(JSON.stringify(value));
    expect(decoded.ok ? 'ok' : decoded.code).toBe(ok ? 'ok' : ErrorCode.InvalidArguments);
  });

  it('the JSON Schema says so too: a key pattern and no other properties', () => {
    const kwargs = ClientOptionsIn.items?.[2] as unknown as Record<string, unknown>;
    expect(kwargs.additionalProperties).toBe(false);
    expect(kwargs.maxProperties).toBe(MAX_CLIENT_OPTIONS_PER_FRAME);
    expect(Object.keys(kwargs.patternProperties as object)).toEqual(['^[\\s\\S]{1,64}$']);
  });
});

describe('unknown inputs', () => {
  it('echo at most 40 printable ASCII characters of the name: no escape reaches the terminal', () => {
    const decoded = decodeInbound(JSON.stringify(['\x1b]0;pwned\x07\u202e\x9b2J', [], {}]));
    expect(decoded).toMatchObject({ ok: false, code: ErrorCode.UnknownInput, input: '?]0;pwned???2J' });
    expect(decoded.ok ? '' : decoded.reason).toBe('Unknown input "?]0;pwned???2J".');
    const long = decodeInbound(JSON.stringify(['x'.repeat(100), [], {}]));
    expect(long.ok ? '' : long.input).toBe('x'.repeat(40));
  });
});

describe('line length', () => {
  it(`admits ${Limits.lineLength} characters and refuses one more with E_LINE_TOO_LONG`, () => {
    const at = decodeInbound(JSON.stringify(['text', ['x'.repeat(Limits.lineLength)], {}]));
    expect(at.ok).toBe(true);
    const over = decodeInbound(JSON.stringify(['text', ['x'.repeat(Limits.lineLength + 1)], {}]));
    expect(over).toMatchObject({ ok: false, code: ErrorCode.LineTooLong });
    // Other wrong shapes stay wrong arguments, long or not.
    const twoLines = decodeInbound(JSON.stringify(['text', ['x'.repeat(Limits.lineLength + 1), 'y'], {}]));
    expect(twoLines).toMatchObject({ ok: false, code: ErrorCode.InvalidArguments });
  });
});

describe('the input frames the game server receives', () => {
  it('are the inbound frames without resume', () => {
    const resume = ['resume', [], { token: 'a'.repeat(Limits.resumeToken.min) }];
    expect(Value.Check(InboundFrame, resume)).toBe(true);
    expect(Value.Check(GameInputFrame, resume)).toBe(false);
    for (const frame of [
      ['text', ['look'], {}],
      ['idle', [], {}],
      ['login', [], { name: 'Ann', password: 'secret-pw' }],
      ['create', [], { name: 'Ann', password: 'secret-pw' }],
      ['client_options', [], { screenwidth: 80 }],
    ]) {
      expect(Value.Check(GameInputFrame, frame)).toBe(true);
    }
  });
});

describe('decodeInbound on frames nested deeper than Limits.frameDepth (refused before parsing)', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  it.each([
    ['deep kwargs of an open input', `["text", ["look"], {"a": ${deep(20_000)}}]`, ErrorCode.KwargsTooLarge],
    ['deep args', `["text", [${deep(50)}], {}]`, ErrorCode.InvalidArguments],
    [
      'deep args, and kwargs over their key limit',
      `["idle", [${deep(50)}], {${Array.from({ length: 40 }, (_, i) => `"k${i}": 1`).join(',')}}]`,
      ErrorCode.KwargsTooLarge,
    ],
    ['deep kwargs of a closed input', `["login", [], {"a": ${deep(50)}}]`, ErrorCode.InvalidArguments],
    ['an unknown name with an escape in it', `["\\u001b[2J", [${deep(50)}], {}]`, ErrorCode.UnknownInput],
    ['args that are not an array', `["__proto__", null, {"a": ${deep(50)}}]`, ErrorCode.MalformedFrame],
    ['four elements', `["text", ["look"], {}, ${deep(50)}]`, ErrorCode.MalformedFrame],
    ['unclosed', `["text", ["look"], {"a": ${'['.repeat(50)}}`, ErrorCode.MalformedFrame],
    ['not an array at the top', `{"a": ${deep(50)}}`, ErrorCode.MalformedFrame],
  ])('%s', (_label, raw, code) => {
    const result = decodeInbound(raw);
    expect(result.ok ? 'ok' : result.code).toBe(code);
  });
});
