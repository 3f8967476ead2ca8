import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter, TokenBucket } from './RateLimiter.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const c = clock();
    const bucket = new TokenBucket(5, 5, c.now);
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    c.advance(200);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    c.advance(10_000);
    expect(bucket.isFull()).toBe(true);
  });
  it('a rate of 0 disables it', () => {
    const bucket = new TokenBucket(0);
    for (let i = 0; i < 1000; i++) expect(bucket.take()).toBe(true);
  });
});

describe('KeyedRateLimiter', () => {
  it('limits each key on its own and forgets idle keys', () => {
    const c = clock();
    const limiter = new KeyedRateLimiter(2, c.now);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
    c.advance(20_000);
    limiter.take('c');
    expect(limiter.size).toBe(1);
  });
});
