/**
 * OOB keyword data to frames, by Evennia's convention (its `clean_senddata`), and the
 * schema every frame must pass on the wire and in the web client.
 */
import { decodeOutbound, Limits } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { hasOob, oobFrame, oobFrames } from './MsgKwargs.js';

describe('oobFrame', () => {
  it.each([
    ['a plain object is the kwargs', { max: 20 }, [], { max: 20 }],
    ['an array is the args', [1, 'two'], [1, 'two'], {}],
    ['a plain object last in an array is the kwargs', [1, { max: 20 }], [1], { max: 20 }],
    ['null is no arguments', null, [], {}],
    ['any other value is the one argument', 'hi', ['hi'], {}],
    ['zero is an argument, not nothing', 0, [0], {}],
  ])('%s', (_what, value, args, kwargs) => {
    const frame = oobFrame('hp', value);
    expect(frame).toEqual(['oob', ['hp', args], kwargs]);
    expect(decodeOutbound(JSON.stringify(frame))).toEqual(frame);
  });

  it('refuses data that is not JSON, and names outside the limit', () => {
    for (const bad of [undefined, Number.NaN, () => 1, new Date(0), [1, new Map()], { a: { b: Symbol('x') } }]) {
      expect(() => oobFrame('hp', bad)).toThrow(TypeError);
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => oobFrame('hp', cycle)).toThrow(TypeError);
    expect(() => oobFrame('', 1)).toThrow(RangeError);
    expect(() => oobFrame('x'.repeat(Limits.oobName + 1), 1)).toThrow(RangeError);
    expect(oobFrame('x'.repeat(Limits.oobName), 1)[0]).toBe('oob');
  });

  it('takes only keys that are not msg arguments, in order, skipping undefined', () => {
    const kwargs = {
      fromObj: {},
      session: {},
      toObj: {},
      options: { raw: true },
      prompt: 'p',
      a: 1,
      b: undefined,
      c: [],
    };
    expect(oobFrames(kwargs)).toEqual([
      ['oob', ['a', [1]], {}],
      ['oob', ['c', []], {}],
    ]);
    expect(hasOob(kwargs)).toBe(true);
    expect(hasOob({ prompt: 'p', b: undefined })).toBe(false);
  });
});
