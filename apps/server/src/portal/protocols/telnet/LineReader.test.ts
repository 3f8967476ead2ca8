import { describe, expect, it } from 'vitest';
import { LineReader } from './LineReader.js';

function read(chunks: (string | number[])[], max = 64): string[] {
  const lines: string[] = [];
  const reader = new LineReader(max, (line) => lines.push(line));
  for (const chunk of chunks) reader.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return lines;
}

describe('LineReader', () => {
  it('ends lines at CR LF, LF, CR NUL and a lone CR', () => {
    expect(read(['a\r\nb\nc\r\0d\re\r\n'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps a CR LF split across chunks one line end', () => {
    expect(read(['look\r', '\nsay hi\r', '\0', 'x\r', 'y\n'])).toEqual(['look', 'say hi', 'x', 'y']);
  });

  it('keeps an empty line between two line ends', () => {
    expect(read(['\r\n\r\n'])).toEqual(['', '']);
  });

  it('decodes UTF-8 split inside a character, and bytes that are not UTF-8 as U+FFFD', () => {
    const e = Buffer.from('é', 'utf8');
    expect(read([[e[0] as number], [e[1] as number, 0x0a]])).toEqual(['é']);
    expect(read([[0x61, 0x80, 0xff, 0xc3, 0x62, 0x0a]])).toEqual(['a\ufffd\ufffd\ufffdb']);
  });

  it('strips control characters but TAB: no escape sequence survives', () => {
    expect(read(['\x1b[31mred\x1b[0m\tok\x07\x00\x7f\x9b\n'])).toEqual(['[31mred[0m\tok']);
  });

  it('keeps only the first bytes of a line past the bound and reads the next line whole', () => {
    const lines = read(['x'.repeat(50), 'y'.repeat(50), '\nnext\n'], 64);
    expect(lines).toEqual(['x'.repeat(50) + 'y'.repeat(14), 'next']);
  });
});
