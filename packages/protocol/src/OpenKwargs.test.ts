import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { lazyChecker } from './check.js';
import { ErrorCode } from './codes.js';
import { decodeInbound, IdleIn, TextIn } from './frames.js';
import { Limits } from './limits.js';

/** `{a:{a:…{}}}` holding `depth` objects in all, the kwargs object included. */
const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
};
/** `{k0: 0, …}` with `n` keys. */
const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

const { depth, keys, bytes } = Limits.kwargs;
/** Raw frames, so depths JSON.stringify could not build are tested too. */
const CASES: [label: string, kwargs: string, ok: boolean][] = [
  ['none', '{}', true],
  ['an option as Evennia clients send', '{"options":{"raw":true}}', true],
  [`${depth} deep`, JSON.stringify(nested(depth)), true],
  [`${depth} deep through arrays`, `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`, true],
  [`${keys} keys`, JSON.stringify(wide(keys)), true],
  [`${keys} keys spread over levels`, JSON.stringify({ ...wide(keys - 2), x: { y: 1 } }), true],
  ['exactly the byte limit', JSON.stringify({ s: 'x'.repeat(bytes - 8) }), true],
  [`${depth + 1} deep`, JSON.stringify(nested(depth + 1)), false],
  [`${depth + 1} deep through arrays`, `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`, false],
  ['20,000 deep (the attack)', `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, false],
  [`${keys + 1} keys`, JSON.stringify(wide(keys + 1)), false],
  [`${keys + 1} keys spread over levels`, JSON.stringify({ ...wide(keys - 1), x: { y: 1 } }), false],
  ['an array of 10,000 items', JSON.stringify({ a: Array(10_000).fill(0) }), false],
  ['one byte over', JSON.stringify({ s: 'x'.repeat(bytes - 7) }), false],
  ['over the limit in UTF-8 only', JSON.stringify({ s: 'é'.repeat(bytes / 2) }), false],
];

describe('open kwargs of text and idle', () => {
  it.each(CASES)('%s', (_label, kwargs, ok) => {
    for (const name of ['text', 'idle'] as const) {
      const raw = name === 'text' ? `["text",["look"],${kwargs}]` : `["idle",[],${kwargs}]`;
      const decoded = decodeInbound(raw);
      expect(decoded.ok ? 'ok' : decoded.code).toBe(ok ? 'ok' : ErrorCode.KwargsTooLarge);
    }
  });

  it('the schema itself refuses what is too deep or too wide, for the link and other checkers', () => {
    const text = lazyChecker(TextIn);
    const idle = lazyChecker(IdleIn);
    for (const [kwargs, ok] of [
      [nested(depth), true],
      [nested(depth + 1), false],
      [wide(keys), true],
      [wide(keys + 1), false],
      [{ a: [[[]]] }, true],
      [{ a: [[[[]]]] }, false],
    ] as const) {
      expect(Value.Check(TextIn, ['text', ['look'], kwargs])).toBe(ok);
      expect(text(['text', ['look'], kwargs])).toBe(ok);
      expect(idle(['idle', [], kwargs])).toBe(ok);
    }
  });

  it('a refusal names the input and leaves the next frame unaffected', () => {
    const refused = decodeInbound(`["text",["look"],${JSON.stringify(nested(50))}]`);
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.KwargsTooLarge, input: 'text' });
    expect(decodeInbound('["text",["look"],{}]')).toEqual({ ok: true, value: ['text', ['look'], {}] });
  });
});
