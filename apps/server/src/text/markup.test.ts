import { describe, expect, it } from 'vitest';
import { escapeMarkup, playerText, renderMarkup, sanitizePlayerText, stripMarkup } from './markup.js';

describe('renderMarkup', () => {
  it('turns colour codes into SGR and resets at the end', () => {
    expect(renderMarkup('|rred|n plain')).toBe('\x1b[1;31mred\x1b[0m plain');
    // Upper case is normal intensity, even after a bright colour; |!R keeps the brightness.
    expect(renderMarkup('|Gdark')).toBe('\x1b[22;32mdark\x1b[0m');
    expect(renderMarkup('|h|!Rbold red|H')).toBe('\x1b[1m\x1b[31mbold red\x1b[22m\x1b[0m');
  });
  it('renders backgrounds, inverse and underline', () => {
    expect(renderMarkup('|[Bblue|n')).toBe('\x1b[44mblue\x1b[0m');
    expect(renderMarkup('|[y|*x|u')).toBe('\x1b[48;5;11m\x1b[7mx\x1b[4m\x1b[0m');
  });
  it('renders xterm256 RGB and greyscale, foreground and background', () => {
    expect(renderMarkup('|500red|[005on blue')).toBe('\x1b[38;5;196mred\x1b[48;5;21mon blue\x1b[0m');
    expect(renderMarkup('|=a|=m|=z|[=b')).toBe('\x1b[38;5;16m\x1b[38;5;243m\x1b[38;5;231m\x1b[48;5;232m\x1b[0m');
  });
  it('gives a client without xterm256 the nearest ANSI colour, and one without ANSI none', () => {
    expect(renderMarkup('|520orange|[300', 'ansi')).toBe('\x1b[1;31morange\x1b[41m\x1b[0m');
    expect(renderMarkup('|530|222|=z|[r', 'ansi')).toBe('\x1b[1;33m\x1b[22;37m\x1b[1;37m\x1b[41m\x1b[0m');
    expect(renderMarkup('|rred|/|500x|| |-y|_z', 'none')).toBe('red\r\nx| \ty z');
  });
  it('renders the layout codes', () => {
    expect(renderMarkup('a|/b|-c|_d')).toBe('a\r\nb\tc d');
  });
  it('keeps text without markup untouched', () => {
    expect(renderMarkup('no bars here')).toBe('no bars here');
  });
  it('renders a doubled bar as one literal bar and keeps unknown codes', () => {
    expect(renderMarkup('a || b |q c')).toBe('a | b |q c');
  });
  it('escaped player text renders literally', () => {
    expect(renderMarkup(escapeMarkup('|rnot red'))).toBe('|rnot red');
  });
});

describe('stripMarkup', () => {
  it('leaves plain text', () => {
    expect(stripMarkup('|rHello|n || world')).toBe('Hello | world');
    expect(stripMarkup('|[r|500|=aX|[=z|!R|*|/y')).toBe('X\ny');
  });
});

describe('sanitizePlayerText', () => {
  it.each([
    ['\x1b[2J\x1b[Hcleared', 'cleared'],
    ['\x1b]0;evil title\x07hi', 'hi'],
    ['\x1b]8;;http://evil\x1b\\link', 'link'],
    ['bell\x07 and nul\x00', 'bell and nul'],
    ['c1 \x9b31m csi', 'c1 31m csi'],
    ['rtl \u202eoverride', 'rtl override'],
    ['new\nline\r', 'newline'],
    ['tab\tstays', 'tab\tstays'],
    ['plain café 😀', 'plain café 😀'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizePlayerText(input)).toBe(expected);
  });
});

describe('playerText', () => {
  it('keeps colour but makes a line break literal, so nobody can fake a line of their own', () => {
    expect(renderMarkup(`Ann says, "${playerText('|rhi|n|/Bob says, "give me gold"')}|n"`)).toBe(
      'Ann says, "\x1b[1;31mhi\x1b[0m|/Bob says, "give me gold"\x1b[0m"',
    );
    expect(renderMarkup(playerText('a|||/b||/c'))).toBe('a||/b|/c');
    expect(playerText('\x1b[2Jx\ny')).toBe('xy');
  });

  it('makes every run of blanks, markup spaces and tabs included, one space (issue 14: wrap spoof)', () => {
    const spoof = `waves.${'|_'.repeat(150)}You have been booted by admin.`;
    expect(playerText(spoof)).toBe('waves. You have been booted by admin.');
    expect(playerText(`a${' '.repeat(80)}b|-|-c \t|_ d`)).toBe('a b c d');
    // A literal bar before an underscore is text, not a markup space.
    expect(renderMarkup(playerText('a||_b|||_c'))).toBe('a|_b| c');
    expect(playerText('one two')).toBe('one two');
  });

  it('strips line and paragraph separators (U+2028/2029), like other separators', () => {
    expect(sanitizePlayerText('a\u2028b\u2029c')).toBe('abc');
  });
});
