import { describe, expect, it } from 'vitest';
import { Backoff } from './Backoff.js';

describe('Backoff', () => {
  it('doubles from 0.5 s up to a 10 s cap', () => {
    const backoff = new Backoff({ random: () => 0.5 });
    expect(Array.from({ length: 8 }, () => backoff.next())).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    expect(backoff.attempts).toBe(8);
  });

  it('spreads each delay by the jitter, never past the cap', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 1 });
    expect([low.next(), low.next()]).toEqual([400, 800]);
    expect([high.next(), high.next()]).toEqual([600, 1200]);
    for (let i = 0; i < 10; i++) expect(high.next()).toBeLessThanOrEqual(10_000);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff({ random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });
});
