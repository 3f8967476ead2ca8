import { describe, expect, it } from 'vitest';
import { escapeMarkup, renderMarkup, sanitizePlayerText, stripMarkup } from './markup.js';

describe('renderMarkup', () => {
  it('turns colour codes into SGR and resets at the end', () => {
    expect(renderMarkup('|rred|n plain')).toBe('\x1b[1;31mred\x1b[0m plain');
    expect(renderMarkup('|Gdark')).toBe('\x1b[32mdark\x1b[0m');
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
