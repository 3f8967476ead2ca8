import { describe, expect, it } from 'vitest';
import { MemoryThrottleStore } from './MemoryThrottleStore.js';
import { Throttle, type ThrottlePersistence } from './Throttle.js';
import type { ThrottleStore } from './ThrottleStore.js';

describe('Throttle', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('blocks a key after the limit within the window, and lets it go after the window', () => {
    const c = clock();
    const throttle = new Throttle(3, 1000, c.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.isBlocked('a')).toBe(false);
      throttle.reserve('a');
    }
    expect(throttle.isBlocked('a')).toBe(true);
    expect(throttle.isBlocked('b')).toBe(false);
    c.advance(1001);
    expect(throttle.isBlocked('a')).toBe(false);
  });

  it('reserve counts at once: no more reservations than the limit, even with none released', () => {
    const throttle = new Throttle(3, 1000, clock().now);
    const held = Array.from({ length: 10 }, () => throttle.reserve('a'));
    expect(held.filter(Boolean)).toHaveLength(3);
    expect(throttle.isBlocked('a')).toBe(true);
    expect(throttle.reserve('b')).toBeDefined();
  });

  it('a released reservation no longer counts; releasing twice frees only one', () => {
    const throttle = new Throttle(2, 1000, clock().now);
    const first = throttle.reserve('a');
    const second = throttle.reserve('a');
    expect(throttle.reserve('a')).toBeUndefined();
    first?.release();
    first?.release();
    expect(throttle.isBlocked('a')).toBe(false);
    expect(throttle.reserve('a')).toBeDefined();
    expect(throttle.reserve('a')).toBeUndefined();
    second?.release();
    expect(throttle.reserve('a')).toBeDefined();
  });

  it('releasing after the event left the window does not un-count a newer one', () => {
    const c = clock();
    const throttle = new Throttle(1, 1000, c.now);
    const old = throttle.reserve('a');
    c.advance(1001);
    expect(throttle.reserve('a')).toBeDefined();
    old?.release();
    expect(throttle.isBlocked('a')).toBe(true);
  });

  it('a limit of 0 never blocks and reserve always succeeds', () => {
    const throttle = new Throttle(0, 1000, clock().now);
    for (let i = 0; i < 100; i++) expect(throttle.reserve('a')).toBeDefined();
    expect(throttle.isBlocked('a')).toBe(false);
  });
});

describe('Throttle with a store (issue 14, item 8)', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };
  const persisted = (store: ThrottleStore, errors: unknown[] = []): ThrottlePersistence => ({
    store,
    bucket: 'login',
    onError: (err) => errors.push(err),
  });

  it('a new throttle restored from the store blocks what the old one blocked', async () => {
    const c = clock();
    const store = new MemoryThrottleStore();
    const before = new Throttle(3, 1000, c.now, persisted(store));
    for (let i = 0; i < 3; i++) await before.reserve('a')?.saved;
    expect(before.reserve('a')).toBeUndefined();

    const after = new Throttle(3, 1000, c.now, persisted(store));
    expect(after.isBlocked('a')).toBe(false);
    await after.restore();
    expect(after.isBlocked('a')).toBe(true);
    expect(after.reserve('a')).toBeUndefined();
    expect(after.reserve('b')).toBeDefined();
    // Restored events leave the window when the originals would have.
    c.advance(1001);
    expect(after.isBlocked('a')).toBe(false);
  });

  it('released events are not restored; releasing one of several at the same instant removes one', async () => {
    const store = new MemoryThrottleStore();
    const c = clock();
    const before = new Throttle(3, 1000, c.now, persisted(store));
    const held = [before.reserve('a'), before.reserve('a'), before.reserve('a')];
    held[0]?.release();
    held[1]?.release();
    await before.flush();
    const after = new Throttle(3, 1000, c.now, persisted(store));
    await after.restore();
    expect(after.reserve('a')).toBeDefined();
    expect(after.reserve('a')).toBeDefined();
    expect(after.reserve('a')).toBeUndefined();
  });

  it('does not restore events that left the window, and prunes them from the store', async () => {
    const c = clock();
    const store = new MemoryThrottleStore();
    const before = new Throttle(2, 1000, c.now, persisted(store));
    before.reserve('old');
    before.reserve('old');
    c.advance(600);
    before.reserve('new');
    await before.flush();
    expect(store.size()).toBe(3);
    c.advance(500);
    const after = new Throttle(2, 1000, c.now, persisted(store));
    await after.restore();
    expect(after.isBlocked('old')).toBe(false);
    expect(store.size()).toBe(1);
  });

  it('prunes the store once per window while counting, so it holds about two windows at most', async () => {
    const c = clock();
    const store = new MemoryThrottleStore();
    const throttle = new Throttle(1, 1000, c.now, persisted(store));
    for (let i = 0; i < 50; i++) {
      throttle.reserve(`10.0.0.${i}`);
      c.advance(100);
    }
    await throttle.flush();
    expect(store.size()).toBeLessThanOrEqual(20);
    expect(store.size()).toBeGreaterThanOrEqual(10);
  });

  it('a failing store is reported and the throttle still counts in memory', async () => {
    const errors: unknown[] = [];
    const failing: ThrottleStore = {
      load: async () => {
        throw new Error('disk gone');
      },
      add: async () => {
        throw new Error('disk gone');
      },
      remove: async () => {},
      prune: async () => {},
    };
    const throttle = new Throttle(1, 1000, clock().now, persisted(failing, errors));
    await throttle.restore();
    const reservation = throttle.reserve('a');
    await expect(reservation?.saved).resolves.toBeUndefined();
    expect(throttle.reserve('a')).toBeUndefined();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk gone', 'disk gone']);
  });

  it('a limit of 0 writes nothing', async () => {
    const store = new MemoryThrottleStore();
    const throttle = new Throttle(0, 1000, clock().now, persisted(store));
    for (let i = 0; i < 5; i++) throttle.reserve('a');
    await throttle.flush();
    expect(store.size()).toBe(0);
  });
});
