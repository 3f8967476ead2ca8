import type { IMarker, Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { markPlayerText, PLAYER_TEXT_OSC, trackPlayerText } from './playerText.js';

/** Just enough of xterm: an OSC handler to call and markers at a cursor row the test moves. */
function fakeTerminal() {
  let handler: ((data: string) => boolean) | undefined;
  const markers: (IMarker & { trim(rows: number): void })[] = [];
  const fake = {
    row: 0,
    parser: {
      registerOscHandler: (ident: number, callback: (data: string) => boolean) => {
        expect(ident).toBe(PLAYER_TEXT_OSC);
        handler = callback;
        return { dispose: () => (handler = undefined) };
      },
    },
    registerMarker: () => {
      const marker = {
        id: markers.length,
        line: fake.row,
        isDisposed: false,
        dispose() {
          marker.isDisposed = true;
          marker.line = -1;
        },
        onDispose: () => ({ dispose: () => {} }),
        trim(rows: number) {
          marker.line -= rows;
          if (marker.line < 0) marker.dispose();
        },
      };
      markers.push(marker);
      return marker;
    },
    osc: (data: string) => handler?.(data),
    /** The buffer dropped its oldest `rows` rows (scrollback full). */
    trim: (rows: number) => {
      for (const marker of markers) if (!marker.isDisposed) marker.trim(rows);
    },
  };
  return fake;
}

describe('markPlayerText', () => {
  it('closes the mark before the final line break, so the next row is not marked', () => {
    expect(markPlayerText('a\r\nb\r\n')).toBe('\x1b]7701;player\x07a\r\nb\x1b]7701;end\x07\r\n');
  });
});

describe('trackPlayerText', () => {
  it('knows the rows between the marks, and forgets rows that left the buffer', () => {
    const term = fakeTerminal();
    const rows = trackPlayerText(term as unknown as Pick<Terminal, 'parser' | 'registerMarker'>);
    term.row = 3;
    term.osc('player');
    term.row = 5; // the text wrapped over three rows
    term.osc('end');
    term.row = 9;
    term.osc('player');
    term.osc('end');
    expect([2, 3, 4, 5, 6, 8, 9, 10].map((y) => rows.has(y))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
    term.trim(4); // rows 0-3 gone: the first block now starts off the buffer
    expect(rows.has(1)).toBe(false);
    expect(rows.has(5)).toBe(true);
    rows.dispose();
    expect(rows.has(5)).toBe(false);
  });

  it('ignores an end without a start and anything else sent to its OSC number', () => {
    const term = fakeTerminal();
    const rows = trackPlayerText(term as unknown as Pick<Terminal, 'parser' | 'registerMarker'>);
    term.osc('end');
    term.osc('bogus');
    expect(rows.has(0)).toBe(false);
  });
});
