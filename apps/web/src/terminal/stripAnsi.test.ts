import { describe, expect, it } from 'vitest';
import { stripAnsi } from './stripAnsi.js';

describe('stripAnsi', () => {
  it('removes colour, 256-colour and cursor sequences and stray controls', () => {
    expect(stripAnsi('\x1b[1;31mRed\x1b[0m and \x1b[38;5;208morange\x1b[0m\r\n')).toBe('Red and orange\n');
    expect(stripAnsi('a\x1b[2Kb\x1b]0;title\x07c\x1bMd\x07\te')).toBe('abcd\te');
  });

  it('leaves plain text alone', () => {
    expect(stripAnsi('You say, "hi"\nDone.')).toBe('You say, "hi"\nDone.');
  });
});
