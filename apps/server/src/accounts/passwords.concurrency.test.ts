/**
 * Hashing never takes every core: at most HASH_CONCURRENCY hashes run at once, the rest queue.
 * argon2 itself is replaced by a counter (the edge of this unit).
 */
import { describe, expect, it, vi } from 'vitest';

const running = { now: 0, most: 0 };
vi.mock('@node-rs/argon2', () => {
  const work = async (result: unknown) => {
    running.now++;
    running.most = Math.max(running.most, running.now);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running.now--;
    return result;
  };
  return { hash: () => work('$argon2id$fake'), verify: () => work(true) };
});

const { HASH_CONCURRENCY, PasswordHasher } = await import('./passwords.js');

describe('password hashing concurrency', () => {
  it('runs at most one hash fewer than the cores at once, and every one finishes', async () => {
    const hasher = new PasswordHasher();
    const count = HASH_CONCURRENCY * 3 + 1;
    const jobs = Array.from({ length: count }, (_, i) =>
      i % 2 === 0 ? hasher.hash('secret-password') : hasher.verify('$argon2id$fake', 'secret-password'),
    );
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r === true)).toHaveLength(Math.floor(count / 2));
    expect(running.most).toBe(HASH_CONCURRENCY);
    expect(running.now).toBe(0);
  });
});
