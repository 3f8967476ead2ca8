import { describe, expect, it } from 'vitest';
import { Throttle } from './Throttle.js';

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
