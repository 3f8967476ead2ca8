/**
 * Password hashing with argon2id at OWASP's minimum recommended cost (m = 19 MiB, t = 2,
 * p = 1; OWASP Password Storage Cheat Sheet). @node-rs/argon2's async `hash` and `verify` run
 * on libuv's thread pool, so a 50–100 ms hash does not stall the event loop and every other
 * player's input. Passwords are never logged, nor put in an error message.
 *
 * Off the loop is not enough on a small machine: libuv runs four hashes at once, and on two
 * cores four busy hashing threads leave the event loop a fraction of a core, so during a login
 * storm everyone's commands wait (the bench's scenario 4). At most one hash fewer than the
 * machine has cores runs at a time (at least one); the rest queue. The queue belongs to a
 * `PasswordHasher` (one per account service, so one per game server), not to the module.
 */
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

/** Hashes running at once by default: a core stays free for the event loop. */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/**
 * `Algorithm.Argon2id`. The package declares `Algorithm` as an ambient const enum, which
 * verbatimModuleSyntax forbids reading, so the value is spelled out and typed against it.
 */
const ARGON2ID = 2 satisfies Algorithm;

export const ARGON2_OPTIONS: Readonly<Options> = {
  algorithm: ARGON2ID,
  memoryCost: 19456, // KiB
  timeCost: 2,
  parallelism: 1,
};

/**
 * A real argon2id hash, with the same parameters as ARGON2_OPTIONS, of a random secret that
 * was thrown away. Verifying against it costs what verifying a real account's hash costs.
 * Regenerate it if ARGON2_OPTIONS change (a test checks they match).
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$IhV3vpYJzIjBlzFkQ5zWgA$Jz5YkGXB5Ck8YNhlYbAZFMQUwg2Am6WwEHywybZcplM';

export class PasswordHasher {
  private readonly queue: ReturnType<typeof pLimit>;

  constructor(concurrency: number = HASH_CONCURRENCY) {
    this.queue = pLimit(concurrency);
  }

  hash(password: string): Promise<string> {
    return this.queue(() => hash(password, ARGON2_OPTIONS));
  }

  /**
   * True when `password` matches `passwordHash`. False, not a throw, for a malformed or
   * unsupported hash: a corrupt row should refuse one login, not crash the login handler.
   * The parameters are read from the hash itself, so old hashes still verify after a cost change.
   */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.queue(() => verify(passwordHash, password));
    } catch {
      return false;
    }
  }

  /**
   * For a login to a name that does not exist: spends as long as a real verify and returns
   * false, so response time does not tell an attacker which account names exist.
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }
}
