import { describe, expect, it } from 'vitest';
import { createOutputStore } from './outputStore.js';

describe('outputStore', () => {
  it('appends entries with increasing ids and plain text beside the ANSI', () => {
    const store = createOutputStore();
    store.getState().append('text', '\x1b[32mHall\x1b[0m\r\nA hall.\r\n');
    store.getState().append('notice', '\x1b[33mReconnecting.\x1b[0m\r\n');
    expect(store.getState().entries).toEqual([
      { id: 1, kind: 'text', ansi: '\x1b[32mHall\x1b[0m\r\nA hall.\r\n', text: 'Hall\nA hall.' },
      { id: 2, kind: 'notice', ansi: '\x1b[33mReconnecting.\x1b[0m\r\n', text: 'Reconnecting.' },
    ]);
    expect(store.getState().lastId).toBe(2);
  });

  it('keeps the newest entries only, ids still increasing', () => {
    const store = createOutputStore(2);
    for (const n of [1, 2, 3]) store.getState().append('text', `${n}\r\n`);
    expect(store.getState().entries.map((e) => [e.id, e.text])).toEqual([
      [2, '2'],
      [3, '3'],
    ]);
    store.getState().clear();
    store.getState().append('text', 'x');
    expect(store.getState().entries).toEqual([{ id: 4, kind: 'text', ansi: 'x', text: 'x' }]);
  });
});
