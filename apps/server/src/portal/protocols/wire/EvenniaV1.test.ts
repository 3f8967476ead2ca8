import { ErrorCode, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { EvenniaV1 } from './EvenniaV1.js';
import { bytes, outcome, shown } from './testing.js';

describe('v1.evennia.com', () => {
  const format = new EvenniaV1();

  it('reads a JSON triple from a text frame', () => {
    expect(format.decode(bytes('["text", ["look"], {}]'), false)).toEqual({
      kind: 'frame',
      frame: ['text', ['look'], {}],
    });
  });

  it('refuses what is not a triple, and any binary frame', () => {
    expect(outcome(format.decode(bytes('not json'), false))).toBe(ErrorCode.MalformedFrame);
    expect(outcome(format.decode(bytes('["text"]'), false))).toBe(ErrorCode.MalformedFrame);
    expect(outcome(format.decode(bytes('["text", ["look"], {}]'), true))).toBe(ErrorCode.MalformedFrame);
  });

  it('sends every frame as one JSON text frame, the same string for every reader', () => {
    const frame = out.text('Hello \x1b[1;31mworld\x1b[0m');
    expect(shown(format.encode(frame))).toEqual([['text', '["text",["Hello \\u001b[1;31mworld\\u001b[0m"],{}]']]);
    expect(format.encode(frame)).toBe(format.encode(frame));
    expect(shown(format.encode(out.prompt('HP: 100>')))).toEqual([['text', '["prompt",["HP: 100>"],{}]']]);
    expect(shown(format.encode(out.oob('custom_cmd', ['arg1'], { key: 'val' })))).toEqual([
      ['text', '["oob",["custom_cmd",["arg1"]],{"key":"val"}]'],
    ]);
    expect(shown(format.encode(out.resumeToken('t'.repeat(20), 60)))).toHaveLength(1);
  });
});
