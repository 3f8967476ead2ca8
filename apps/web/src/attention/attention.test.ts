import { describe, expect, it } from 'vitest';
import { createOutputStore } from '../stores/outputStore.js';
import { createSessionStore } from '../stores/sessionStore.js';
import { addressedTo } from './addressed.js';
import { type AttentionPage, watchAttention } from './attention.js';
import { type ThrottleClock, throttle } from './notifications.js';

describe('addressedTo', () => {
  const toAnn = addressedTo('Ann');

  it('matches the name as a word, in any case', () => {
    expect(toAnn('Bob says, "hello ann"')).toBe(true);
    expect(toAnn('Bob says, "ANN, look!"')).toBe(true);
    expect(toAnn('Bob waves at Ann.')).toBe(true);
  });

  it('does not match the name inside another word', () => {
    expect(toAnn('Bob says, "Anna and Joann are here, annoyingly"')).toBe(false);
    expect(toAnn('Bob says, "hello"')).toBe(false);
  });

  it('matches pages and tells to the player', () => {
    expect(toAnn('Bob pages: are you there?')).toBe(true);
    expect(toAnn('Bob pages you: are you there?')).toBe(true);
    expect(toAnn('Bob tells you "psst"')).toBe(true);
    expect(toAnn('Bob whispers to you, "psst"')).toBe(true);
  });

  it('does not let a say pretend to be a page', () => {
    expect(toAnn('Bob says, "Carl pages: hi"')).toBe(false);
  });

  it('matches names with characters that mean something in a pattern, and nothing without a character', () => {
    expect(addressedTo('A.n+n')('hello a.n+n')).toBe(true);
    expect(addressedTo('A.n+n')('hello aXnnn')).toBe(false);
    expect(addressedTo(null)('Bob pages: hi')).toBe(false);
  });
});

function fakePage() {
  let hidden = false;
  const listeners: (() => void)[] = [];
  const page: AttentionPage & { badge: number; setHidden(h: boolean): void } = {
    title: 'MUD',
    badge: 0,
    hidden: () => hidden,
    onVisible: (listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    setBadge(count) {
      this.badge = count;
    },
    setHidden(h) {
      hidden = h;
      if (!h) for (const listener of [...listeners]) listener();
    },
  };
  return page;
}

function setup(notifying = false) {
  const output = createOutputStore();
  const session = createSessionStore();
  session.getState().restore({ sessid: 1, loggedIn: true, account: 'Ann', puppet: 'Ann', mode: 0 });
  const page = fakePage();
  const notified: [string, string][] = [];
  const attention = watchAttention({
    output,
    session,
    page,
    notifying: () => notifying,
    notify: (title, body) => notified.push([title, body]),
  });
  return { output, page, notified, attention };
}

describe('watchAttention', () => {
  it('counts addressed lines only while hidden, and forgets them when visible', () => {
    const { output, page, attention } = setup();
    output.getState().append('text', 'Bob says, "Ann?"\r\n');
    expect(attention.unread()).toBe(0);

    page.setHidden(true);
    output.getState().append('text', 'Bob says, "hi"\r\n');
    expect(page.title).toBe('MUD');
    output.getState().append('text', 'Bob says, "\x1b[1mAnn\x1b[0m?"\r\nBob pages: are you there?\r\nBob sits.\r\n');
    expect(page.title).toBe('(2) MUD');
    expect(page.badge).toBe(2);
    output.getState().append('text', 'Bob says, "ann!"\r\n');
    expect(page.title).toBe('(3) MUD');

    page.setHidden(false);
    expect(page.title).toBe('MUD');
    expect(page.badge).toBe(0);
    expect(attention.unread()).toBe(0);
  });

  it("ignores the client's own notices", () => {
    const { output, page } = setup();
    page.setHidden(true);
    output.getState().append('notice', 'Ann: reconnected\r\n');
    expect(page.title).toBe('MUD');
  });

  it('notifies addressed lines only when the player asked for it', () => {
    const quiet = setup(false);
    quiet.page.setHidden(true);
    quiet.output.getState().append('text', 'Bob says, "Ann?"\r\n');
    expect(quiet.notified).toEqual([]);

    const loud = setup(true);
    loud.page.setHidden(true);
    loud.output.getState().append('text', 'Bob says, "Ann?"\r\n');
    expect(loud.notified).toEqual([['Ann', 'Bob says, "Ann?"']]);
  });
});

function fakeClock() {
  let now = 0;
  let pending: { at: number; callback: () => void } | undefined;
  const clock: ThrottleClock & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: (callback, ms) => {
      pending = { at: now + ms, callback };
      return pending;
    },
    clearTimeout: (handle) => {
      if (pending === handle) pending = undefined;
    },
    advance: (ms) => {
      now += ms;
      if (pending !== undefined && pending.at <= now) {
        const { callback } = pending;
        pending = undefined;
        callback();
      }
    },
  };
  return clock;
}

describe('throttle', () => {
  it('shows the first line at once and folds the rest of the interval into one', () => {
    const clock = fakeClock();
    const shown: string[] = [];
    const notifications = throttle((body) => shown.push(body), 10_000, clock);
    notifications.offer('one');
    notifications.offer('two');
    notifications.offer('three');
    expect(shown).toEqual(['one']);
    clock.advance(10_000);
    expect(shown).toEqual(['one', 'three (and 1 more)']);
    clock.advance(10_000);
    notifications.offer('four');
    expect(shown).toEqual(['one', 'three (and 1 more)', 'four']);
  });

  it('drops what waits when cancelled', () => {
    const clock = fakeClock();
    const shown: string[] = [];
    const notifications = throttle((body) => shown.push(body), 10_000, clock);
    notifications.offer('one');
    notifications.offer('two');
    notifications.cancel();
    clock.advance(20_000);
    expect(shown).toEqual(['one']);
  });
});
