/**
 * Password hashing with argon2id at OWASP's minimum recommended cost (m = 19 MiB, t = 2,
 * p = 1; OWASP Password Storage Cheat Sheet). Hashes run on hashing threads of their own
 * (`hashWorker.js`), so a 50–100 ms hash never stalls the event loop and every other player's
 * input. Passwords are never logged, nor put in an error message.
 *
 * Off the loop is not enough on a small machine. At most one hash fewer than the machine has
 * cores runs at a time (at least one; the rest queue), so a core stays free; and each hashing
 * thread lowers its own scheduling priority (nice HASH_NICE), so during a login storm the
 * players' work in the portal and the game server wins the CPU and the logins wait instead
 * (the bench's scenario 4). The threads belong to a `PasswordHasher` (one per account service,
 * so one per game server), not to the module; they start on first use and do not keep a
 * process alive.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Algorithm, Options } from '@node-rs/argon2';
import pLimit from 'p-limit';

/** Hashes running at once by default: a core stays free for the event loop. */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/** The hashing threads' nice value (0 is normal, 19 the lowest priority). */
export const HASH_NICE = 19;

const WORKER_FILE = new URL('./hashWorker.js', import.meta.url);

type Job = { op: 'hash'; password: string } | { op: 'verify'; hash: string; password: string };
type Reply =
  | { t: 'ready'; tid: number | null }
  | { t: 'done'; id: number; ok: true; value: string | boolean }
  | { t: 'done'; id: number; ok: false; error: string };

/** One hashing thread: a job at a time (the hasher's queue sees to that). */
class HashThread {
  private readonly worker: Worker;
  private pending: { id: number; resolve: (value: string | boolean) => void; reject: (err: Error) => void } | undefined;
  private nextId = 1;
  /** The thread's id once it has started (null where it could not lower its priority). */
  tid: number | null | undefined;
  dead = false;

  constructor() {
    this.worker = new Worker(WORKER_FILE, { workerData: { options: ARGON2_OPTIONS, nice: HASH_NICE } });
    // An idle thread must not keep a process (or a test run) alive; one with a job does (run).
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      if (reply.t === 'ready') {
        this.tid = reply.tid;
        return;
      }
      const pending = this.pending;
      if (pending?.id !== reply.id) return;
      this.pending = undefined;
      this.worker.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    });
    const die = (err: Error) => {
      this.dead = true;
      this.pending?.reject(err);
      this.pending = undefined;
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`hashing thread exited (${code})`)));
  }

  run(job: Job): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ ...job, id });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

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
  /** Threads not running a job; at most `concurrency` exist, as at most that many jobs run. */
  private readonly idle: HashThread[] = [];
  private readonly all = new Set<HashThread>();

  constructor(concurrency: number = HASH_CONCURRENCY) {
    this.queue = pLimit(concurrency);
  }

  hash(password: string): Promise<string> {
    return this.queue(() => this.run({ op: 'hash', password })) as Promise<string>;
  }

  /** The running hashing threads' ids and nice values, read from /proc (Linux): for tests and the curious. */
  threads(): { tid: number | null | undefined; nice: number | null }[] {
    return [...this.all].map((thread) => ({ tid: thread.tid, nice: niceOf(thread.tid) }));
  }

  /** Stops the hashing threads (a new job starts them again). */
  async close(): Promise<void> {
    const threads = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private async run(job: Job): Promise<string | boolean> {
    let thread = this.idle.pop();
    if (thread?.dead) this.all.delete(thread);
    if (!thread || thread.dead) {
      thread = new HashThread();
      this.all.add(thread);
    }
    try {
      return await thread.run(job);
    } finally {
      if (thread.dead) this.all.delete(thread);
      else this.idle.push(thread);
    }
  }

  /**
   * True when `password` matches `passwordHash`. False, not a throw, for a malformed or
   * unsupported hash: a corrupt row should refuse one login, not crash the login handler.
   * The parameters are read from the hash itself, so old hashes still verify after a cost change.
   */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return (await this.queue(() => this.run({ op: 'verify', hash: passwordHash, password }))) === true;
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

/** A thread's nice value from /proc/self/task/<tid>/stat (field 19), or null. */
function niceOf(tid: number | null | undefined): number | null {
  if (typeof tid !== 'number') return null;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  } catch {
    return null;
  }
}
