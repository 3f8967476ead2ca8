import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMarkup } from './markup.js';
import { DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, screenWidth, textWidth, wrapText } from './wrap.js';

const SGR = /\x1b\[[0-9;]*m/g;
const visible = (text: string) => text.replace(SGR, '');
/** The lines of wrapped text as a reader sees them. */
const lines = (text: string) => visible(text).split('\n');
/** The words of text, however it is broken into lines. */
const words = (text: string) => visible(text).split(/\s+/).filter(Boolean);

describe('screenWidth', () => {
  it('takes a client’s screenwidth, clamped to a sane range', () => {
    expect(screenWidth(100)).toBe(100);
    expect(screenWidth(40.7)).toBe(40);
    expect(screenWidth('132')).toBe(132);
    expect(screenWidth(5)).toBe(MIN_WIDTH);
    expect(screenWidth(100_000)).toBe(MAX_WIDTH);
  });

  it('is the default for a client that did not say, or said nonsense', () => {
    for (const flag of [undefined, 0, -3, Number.NaN, Number.POSITIVE_INFINITY, true, 'wide', '', '12x']) {
      expect(screenWidth(flag), String(flag)).toBe(DEFAULT_WIDTH);
    }
  });
});

describe('textWidth', () => {
  it('counts columns: SGR codes none, CJK and emoji two, combining marks none', () => {
    expect(textWidth('\x1b[1;31mred\x1b[0m')).toBe(3);
    expect(textWidth('中文')).toBe(4);
    expect(textWidth('😀')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('👩‍👩‍👧')).toBe(2);
  });
});

describe('textWidth against string-width', () => {
  it('agrees with string-width on any text, one character at a time or joined (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
      fc
        .array(fc.constantFrom('e\u0301', '👍🏽', '🇫🇷', '👩‍👩‍👧', '한', '\u1100\u1161', '中', 'x', '€', '️'), {
          maxLength: 20,
        })
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(textWidth(s)).toBe(stringWidth(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('wrapText', () => {
  it('leaves a line that fits untouched', () => {
    const text = 'A short line.\nAnother.';
    expect(wrapText(text, 20)).toBe(text);
    expect(wrapText('x'.repeat(20), 20)).toBe('x'.repeat(20));
  });

  it('breaks prose at spaces, dropping the space at each break', () => {
    const text = 'The quick brown fox jumps over the lazy dog and keeps running far away';
    expect(wrapText(text, 20).split('\n')).toEqual([
      'The quick brown fox',
      'jumps over the lazy',
      'dog and keeps',
      'running far away',
    ]);
  });

  it('keeps existing line breaks, \\r\\n ones included, and empty lines', () => {
    const text = 'one two three four five six\r\n\nseven eight nine ten eleven twelve';
    expect(wrapText(text, 20)).toBe('one two three four\nfive six\r\n\nseven eight nine ten\neleven twelve');
  });

  it('keeps a line’s leading indentation, on its continuation lines too', () => {
    expect(wrapText('   indented text that goes on and on for a while', 20).split('\n')).toEqual([
      '   indented text',
      '   that goes on and',
      '   on for a while',
    ]);
  });

  it('does not hang continuation lines under an indentation of more than half the width', () => {
    const out = wrapText(`${' '.repeat(12)}words words words words`, 20).split('\n');
    expect(out[0]).toBe(`${' '.repeat(12)}words`);
    expect(out.slice(1)).toEqual(['words words words']);
  });

  it('does not count SGR codes toward the width, and never splits one', () => {
    const text = renderMarkup('|rred words here|n and |ggreen words too|n at the end', 'xterm256');
    const out = wrapText(text, 20);
    for (const line of lines(out)) expect(line.length).toBeLessThanOrEqual(20);
    expect(lines(out)[0]).toBe('red words here and');
    // Every code is still there, whole and in order.
    expect(out.match(SGR)).toEqual(text.match(SGR));
    expect(words(out)).toEqual(words(text));
  });

  it('keeps a colour code that stood between two blanks at a break', () => {
    const text = `${'a '.repeat(10)}\x1b[0m ${'b '.repeat(10)}`;
    const out = wrapText(text, 20);
    expect(out.match(SGR)).toEqual(['\x1b[0m']);
    for (const line of lines(out)) expect(line.length).toBeLessThanOrEqual(20);
  });

  it('breaks a word longer than the width hard, filling the rest of its line first', () => {
    const long = 'x'.repeat(45);
    expect(wrapText(`see ${long} ok`, 20).split('\n')).toEqual([
      `see ${'x'.repeat(16)}`,
      'x'.repeat(20),
      `${'x'.repeat(9)} ok`,
    ]);
    // A word that fits on a line of its own is moved there whole instead.
    expect(wrapText(`see ${'y'.repeat(18)}`, 20).split('\n')).toEqual(['see', 'y'.repeat(18)]);
    // With less room left than a wide character, the long word starts the next line.
    expect(wrapText(`${'a'.repeat(18)} ${'中'.repeat(15)}`, 20).split('\n')).toEqual([
      'a'.repeat(18),
      '中'.repeat(10),
      '中'.repeat(5),
    ]);
  });

  it('breaks a long coloured word without splitting its codes', () => {
    const text = `\x1b[1;31m${'y'.repeat(30)}\x1b[0m`;
    const out = wrapText(text, 20);
    expect(out).toBe(`\x1b[1;31m${'y'.repeat(20)}\n${'y'.repeat(10)}\x1b[0m`);
  });

  it('takes a lone or unfinished escape in raw text as a character, and ends', () => {
    const text = `${'x'.repeat(30)}\x1b[${'y'.repeat(30)}\x1b`;
    const out = wrapText(text, 20);
    expect(out.replaceAll('\n', '')).toBe(text);
  });

  it('counts CJK characters as two columns and never splits one', () => {
    const text = '中文字符测试'.repeat(4); // 24 characters, 48 columns
    const out = wrapText(text, 21).split('\n');
    expect(out.map(textWidth)).toEqual([20, 20, 8]);
    expect(out.join('')).toBe(text);
  });

  it('keeps an emoji and its modifiers or joiners whole', () => {
    const family = '👩‍👩‍👧';
    const text = `${family} `.repeat(12);
    const out = wrapText(text, 20);
    for (const line of out.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(20);
    expect(out.split(family).length - 1).toBe(12);
  });

  it('cuts a rule to the width instead of wrapping it, colour codes kept', () => {
    expect(wrapText('='.repeat(62), 40)).toBe('='.repeat(40));
    expect(wrapText(`\x1b[1;34m${'-'.repeat(68)}\x1b[0m`, 30)).toBe(`\x1b[1;34m${'-'.repeat(30)}\x1b[0m`);
    // Not a rule: words made of dashes among other text are wrapped as words.
    expect(wrapText(`${'-'.repeat(10)} x ${'-'.repeat(10)}`, 20)).toBe(`${'-'.repeat(10)} x\n${'-'.repeat(10)}`);
  });

  it('measures tabs to the next tab stop', () => {
    const out = wrapText('a\tb\tc\td\te', 20);
    expect(out).toBe('a\tb\tc\nd\te');
  });

  it('never makes a line wider than the width, loses no word and keeps every code (property)', () => {
    const word = fc.oneof(
      fc.stringMatching(/^[a-z]{1,12}$/),
      fc.stringMatching(/^[a-z]{25,60}$/),
      fc.constantFrom('中文', '测试字符', '😀', 'e\u0301', '|rred|n', '|[bblue|n', '|500rgb|n'),
    );
    const line = fc.tuple(fc.constantFrom('', ' ', '  ', '    '), fc.array(word, { maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.integer({ min: 20, max: 100 }), (input, width) => {
        const markup = input.map(([indent, ws]) => indent + ws.join(' ')).join('\n');
        const text = renderMarkup(markup, 'xterm256');
        const out = wrapText(text, width);
        for (const row of out.split('\n')) expect(textWidth(row)).toBeLessThanOrEqual(width);
        expect(out.match(SGR) ?? []).toEqual(text.match(SGR) ?? []);
        expect(visible(out).replace(/\s+/g, '')).toBe(visible(text).replace(/\s+/g, ''));
      }),
    );
  });
});
