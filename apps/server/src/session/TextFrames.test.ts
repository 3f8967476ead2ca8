import { describe, expect, it } from 'vitest';
import { TextFrames } from './TextFrames.js';

const LONG = 'Rain drums on the tin roof of the old station while the last train waits, doors open.';

describe('TextFrames', () => {
  it('builds one frame per colour support and width, reused while the text is the same', () => {
    const frames = new TextFrames();
    const at80 = frames.frame(LONG, 'xterm256', 80);
    const at40 = frames.frame(LONG, 'xterm256', 40);
    // A room of listeners at two widths, in any order: still two frames.
    for (let i = 0; i < 10; i++) {
      expect(frames.frame(LONG, 'xterm256', 80)).toBe(at80);
      expect(frames.frame(LONG, 'xterm256', 40)).toBe(at40);
    }
    expect(at40).not.toBe(at80);
    expect(frames.frame(LONG, 'none', 40)).not.toBe(at40);
    expect(frames.frame(`${LONG}!`, 'xterm256', 40)).not.toBe(at40);
  });

  it('wraps text to the width, unless told nowrap', () => {
    const frames = new TextFrames();
    const [, [wrapped]] = frames.frame(LONG, 'none', 40) as ['text', [string], object];
    for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(wrapped.split('\n').length).toBeGreaterThan(1);
    const [, [whole]] = frames.frame(LONG, 'none', 40, { nowrap: true }) as ['text', [string], object];
    expect(whole).toBe(LONG);
  });

  it('says echo: false on a secret prompt, and nothing on any other', () => {
    const frames = new TextFrames();
    expect(frames.prompt('Password:', 'xterm256', 80, { echo: false })).toEqual([
      'prompt',
      ['Password:'],
      { echo: false },
    ]);
    expect(frames.prompt('HP 10>', 'xterm256', 80)).toEqual(['prompt', ['HP 10>'], {}]);
  });
});
