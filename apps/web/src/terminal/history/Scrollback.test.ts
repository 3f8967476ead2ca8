import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, Scrollback, tail } from './Scrollback.js';

class MapStorage {
  readonly map = new Map<string, string>();
  writes = 0;
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => {
    this.writes++;
    this.map.set(key, value);
  };
  removeItem = (key: string) => void this.map.delete(key);
}

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `\x1b[32mline ${from + i}\x1b[0m\r\n`).join('');

afterEach(() => vi.useRealTimers());

describe('tail', () => {
  it('keeps the last lines within both limits, cut at a line start', () => {
    expect(tail('a\r\nb\r\nc\r\n', { maxLines: 2, maxChars: 100 })).toBe('b\r\nc\r\n');
    expect(tail('a\r\nb\r\nc\r\n', { maxLines: 5, maxChars: 7 })).toBe('b\r\nc\r\n');
    expect(tail('a\nb\nno end', { maxLines: 2, maxChars: 100 })).toBe('b\nno end');
    expect(tail('\n\nx', { maxLines: 9, maxChars: 100 })).toBe('\n\nx');
    expect(tail('one very long line\r\n', { maxLines: 9, maxChars: 5 })).toBe('');
  });
});

describe('Scrollback', () => {
  it('is bounded: the newest 1,000 lines of a long session, whole frames dropped first', () => {
    const scrollback = new Scrollback(new MapStorage());
    for (let i = 1; i <= 1500; i += 10) scrollback.append(lines(i, i + 9));
    const text = scrollback.text();
    expect(text.split('\r\n').length - 1).toBe(DEFAULT_LIMITS.maxLines);
    expect(text.startsWith('\x1b[32mline 501\x1b[0m')).toBe(true);
    expect(text.endsWith('line 1500\x1b[0m\r\n')).toBe(true);
  });

  it('is bounded in size too, and cuts a single huge frame at a line start', () => {
    const limits = { maxLines: 1000, maxChars: 1000 };
    const scrollback = new Scrollback(new MapStorage(), { limits });
    scrollback.append(lines(1, 10));
    scrollback.append(`${'x'.repeat(300)}\r\n`.repeat(10));
    const text = scrollback.text();
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toBe(`${'x'.repeat(300)}\r\n`.repeat(3));
  });

  it('saves to storage once a burst is over, and a new page of the tab reads it back', () => {
    vi.useFakeTimers();
    const storage = new MapStorage();
    const first = new Scrollback(storage, { saveDelayMs: 100 });
    first.setSession(4);
    for (let i = 1; i <= 50; i++) first.append(lines(i, i));
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(100);
    expect(storage.writes).toBe(1);
    const second = new Scrollback(storage);
    expect(second.session).toBe(4);
    expect(second.text()).toBe(lines(1, 50));
  });

  it('saves at once on pagehide', () => {
    const storage = new MapStorage();
    const page = new EventTarget();
    const scrollback = new Scrollback(storage, { page: page as unknown as Window, saveDelayMs: 60_000 });
    scrollback.append('said\r\n');
    page.dispatchEvent(new Event('pagehide'));
    expect(new Scrollback(storage).text()).toBe('said\r\n');
    scrollback.dispose();
  });

  it('clear forgets the text in memory and in storage', () => {
    const storage = new MapStorage();
    const scrollback = new Scrollback(storage);
    scrollback.setSession(2);
    scrollback.append('secret\r\n');
    scrollback.flush();
    scrollback.clear();
    expect(scrollback.text()).toBe('');
    expect(scrollback.session).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('ignores what it cannot read, and survives a storage that throws', () => {
    for (const raw of ['{', '[]', '{"v":1,"sessid":"x","ansi":""}', '{"v":2,"sessid":1,"ansi":"a"}', 'null']) {
      const storage = new MapStorage();
      storage.map.set('mud.scrollback', raw);
      expect(new Scrollback(storage).text()).toBe('');
    }
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const scrollback = new Scrollback(broken);
    scrollback.append('kept in memory\r\n');
    scrollback.flush();
    scrollback.clear();
    expect(scrollback.text()).toBe('');
  });
});
