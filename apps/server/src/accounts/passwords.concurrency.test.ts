/**
 * Hashing never takes every core, nor the players' share of them: at most HASH_CONCURRENCY
 * hashing threads exist (each runs one hash at a time), and each runs at nice HASH_NICE while
 * the rest of the process keeps its own priority. Real argon2id on real threads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HASH_CONCURRENCY, HASH_NICE, PasswordHasher } from './passwords.js';

/** This process's main thread's nice value (field 19 of /proc/self/stat). */
function ownNice(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('password hashing threads', () => {
  const hasher = new PasswordHasher();
  afterAll(() => hasher.close());

  it('runs every job on at most HASH_CONCURRENCY threads, each at a lower priority than the process', async () => {
    const niceBefore = ownNice();
    const stored = await hasher.hash('secret-password');
    const count = HASH_CONCURRENCY * 2 + 1;
    const jobs = Array.from({ length: count }, (_, i) =>
      i % 2 === 0 ? hasher.verify(stored, 'secret-password') : hasher.verify(stored, 'wrong-password'),
    );
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r === true)).toHaveLength(Math.ceil(count / 2));
    expect(results.filter((r) => r === false)).toHaveLength(Math.floor(count / 2));

    const threads = hasher.threads();
    expect(threads.length).toBeGreaterThan(0);
    expect(threads.length).toBeLessThanOrEqual(HASH_CONCURRENCY);
    for (const thread of threads) {
      expect(thread.tid).toBeTypeOf('number');
      expect(thread.tid).not.toBe(process.pid);
      expect(thread.nice).toBe(Math.max(niceBefore, HASH_NICE));
    }
    expect(ownNice()).toBe(niceBefore);
  });

  it('answers a malformed hash with false, and works again after close', async () => {
    expect(await hasher.verify('not-a-hash', 'secret-password')).toBe(false);
    await hasher.close();
    expect(hasher.threads()).toHaveLength(0);
    expect(await hasher.verify(await hasher.hash('again-password'), 'again-password')).toBe(true);
  });

  it('keeps a process alive while a hash runs, and lets it end once idle', () => {
    // A script whose only work is one hash: it must print the hash and then exit by itself.
    const script = join(mkdtempSync(join(tmpdir(), 'mud-hash-')), 'hash-once.mts');
    writeFileSync(
      script,
      `import { PasswordHasher } from ${JSON.stringify(new URL('./passwords.ts', import.meta.url).href)};\n` +
        `new PasswordHasher().hash('alive-password').then((h) => console.log(h.slice(0, 10)));\n`,
    );
    const out = execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.trim()).toBe('$argon2id$');
  });
});
