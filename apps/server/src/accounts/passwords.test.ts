import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_OPTIONS, DUMMY_HASH, PasswordHasher } from './passwords.js';

const passwords = new PasswordHasher();

describe('passwords', () => {
  it('round-trips: a hash verifies against its password', async () => {
    const hash = await passwords.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await passwords.verify(hash, 'correct horse battery staple')).toBe(true);
  });

  it('refuses a wrong password, including one differing only in case or spacing', async () => {
    const hash = await passwords.hash('Secret-pass 1');
    expect(await passwords.verify(hash, 'secret-pass 1')).toBe(false);
    expect(await passwords.verify(hash, 'Secret-pass 1 ')).toBe(false);
    expect(await passwords.verify(hash, '')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await passwords.hash('same password')).not.toBe(await passwords.hash('same password'));
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not a hash'],
    ['truncated', DUMMY_HASH.slice(0, 40)],
    ['bcrypt', '$2b$10$abcdefghijklmnopqrstuuJ3gXoP2f4m5v8nV4J9cZr0a1b2c3d4e'],
    ['bad parameters', '$argon2id$v=19$m=0,t=0,p=0$c2FsdHNhbHQ$aGFzaA'],
  ])('returns false, never throws, for a malformed hash (%s)', async (_label, hash) => {
    await expect(passwords.verify(hash, 'whatever')).resolves.toBe(false);
  });

  it('verifyAgainstNothing always fails', async () => {
    await expect(passwords.verifyAgainstNothing('anything at all')).resolves.toBe(false);
    await expect(passwords.verifyAgainstNothing('')).resolves.toBe(false);
  });

  it('DUMMY_HASH costs what a real hash costs (same parameters)', () => {
    const parsed = parseOptions(DUMMY_HASH);
    expect(parsed.algorithm).toBe(ARGON2_OPTIONS.algorithm);
    expect(parsed.memoryCost).toBe(ARGON2_OPTIONS.memoryCost);
    expect(parsed.timeCost).toBe(ARGON2_OPTIONS.timeCost);
    expect(parsed.parallelism).toBe(ARGON2_OPTIONS.parallelism);
  });
});
