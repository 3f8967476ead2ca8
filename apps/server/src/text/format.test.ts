import { describe, expect, it } from 'vitest';
import { table } from './format.js';
import { cropMarkup, renderMarkup, stripMarkup } from './markup.js';
import { textWidth } from './wrap.js';

const rowsOf = (text: string) => stripMarkup(text).split('\n');

describe('table', () => {
  const headers = ['Account', 'Protocol', 'Address'];
  const rows = [
    ['Ann', 'websocket', '127.0.0.1'],
    ['|cBartholomew-the-Long-Named|n', 'telnet/tls', '2001:db8:85a3::8a2e:370:7334'],
  ];

  it('lays columns out at their natural width when they fit', () => {
    expect(rowsOf(table(headers, rows, 200))).toEqual([
      'Account                     Protocol    Address',
      'Ann                         websocket   127.0.0.1',
      'Bartholomew-the-Long-Named  telnet/tls  2001:db8:85a3::8a2e:370:7334',
    ]);
  });

  it('narrows the widest columns to fit the width, cutting their cells with ~', () => {
    const out = rowsOf(table(headers, rows, 40));
    for (const row of out) expect(textWidth(row)).toBeLessThanOrEqual(40);
    expect(out[1]).toBe('Ann            websocket   127.0.0.1');
    expect(out[2]).toBe('Bartholomew-~  telnet/tls  2001:db8:85a~');
  });

  it('keeps colour codes of a cut cell, so its colour still ends', () => {
    const out = table(headers, rows, 40);
    expect(out.split('\n')[2]).toMatch(/^\|cBartholomew-\|n~ {2}/);
  });

  it('measures wide characters by their columns', () => {
    const out = rowsOf(table(['Name', 'Where'], [['中文名字', 'x']], 80));
    expect(out[1]).toBe('中文名字  x');
  });
});

describe('cropMarkup', () => {
  it('cuts the visible text, keeping every code and a literal bar as one column', () => {
    expect(cropMarkup('|rabc|ndef', 4)).toBe('|rabc|nd');
    expect(cropMarkup('a||b', 2)).toBe('a||');
    expect(cropMarkup('中文字', 5)).toBe('中文');
    expect(renderMarkup(cropMarkup('|rredder|n', 3), 'ansi')).toBe('\x1b[1;31mred\x1b[0m');
  });
});
