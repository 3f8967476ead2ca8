import type { ThrottleStore } from './ThrottleStore.js';

/** Where a Throttle saves its events, and what to do when saving fails. */
export interface ThrottlePersistence {
  store: ThrottleStore;
  /** This throttle's name in the store: `login`, `creation`... */
  bucket: string;
  /** A store operation failed; the throttle goes on counting in memory. */
  onError(err: unknown): void;
}

export interface Reservation {
  /** Un-counts the attempt. Releasing twice, or after it left the window, does nothing. */
  release(): void;
  /** Settles (never rejects) once the count is in the store; at once without one. */
  readonly saved: Promise<void>;
}

const NO_RESERVATION: Reservation = { release() {}, saved: Promise.resolve() };

/**
 * Counts events per key (an IP address) in a sliding window: Evennia's LOGIN_THROTTLE and
 * CREATION_THROTTLE. A limit of 0 disables it. Memory is bounded by pruning on every check.
 *
 * The decision is always made in memory, synchronously. With a store (`persistence`) every
 * counted event and every release is also written behind it, in order, and `restore()` reads the
 * window's events back, so a game server that crashed and came back still refuses what it
 * refused before (issue 14, item 8). The store is pruned once per window, so it holds at most
 * about two windows of events.
 */
export class Throttle {
  private readonly events = new Map<string, number[]>();
  /** The tail of the store writes: each waits for the one before, so a release never overtakes its add. */
  private writes: Promise<void> = Promise.resolve();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly persistence?: ThrottlePersistence,
  ) {}

  /** True while `key` has reached the limit within the window. */
  isBlocked(key: string): boolean {
    if (this.limit === 0) return false;
    return this.recent(key).length >= this.limit;
  }

  /**
   * Checks and counts in one synchronous step, so callers that then await (an argon2 verify or
   * hash) cannot all pass a check made before any of them was counted. Undefined when `key` is
   * blocked; otherwise the attempt already counts, and `release()` un-counts it (for an attempt
   * that turned out not to be one the throttle is about, such as a successful login). Releasing
   * twice, or after the event left the window, does nothing.
   */
  reserve(key: string): Reservation | undefined {
    if (this.limit === 0) return NO_RESERVATION;
    const list = this.recent(key);
    if (list.length >= this.limit) return undefined;
    // Unique per key (the list is in ascending order), so the store can remove exactly this one.
    const at = Math.max(this.now(), (list.at(-1) ?? Number.NEGATIVE_INFINITY) + 1);
    list.push(at);
    this.events.set(key, list);
    if (at - this.lastPrune >= this.windowMs) {
      this.lastPrune = at;
      this.write((p) => p.store.prune(p.bucket, at - this.windowMs));
    }
    const saved = this.write((p) => p.store.add(p.bucket, key, at));
    let released = false;
    return {
      saved,
      release: () => {
        if (released) return;
        released = true;
        const current = this.events.get(key);
        const i = current ? current.indexOf(at) : -1;
        if (!current || i < 0) return;
        current.splice(i, 1);
        if (current.length === 0) this.events.delete(key);
        this.write((p) => p.store.remove(p.bucket, key, at));
      },
    };
  }

  /**
   * Reads the window's events back from the store and counts them with those in memory, and
   * forgets older ones in the store. Called once, when a game server takes over, before it
   * counts anything itself. Never rejects: a failure is reported to `onError`.
   */
  async restore(): Promise<void> {
    const p = this.persistence;
    if (!p || this.limit === 0) return;
    const since = this.now() - this.windowMs;
    let restored: Array<[string, number]>;
    try {
      restored = await p.store.load(p.bucket, since);
    } catch (err) {
      p.onError(err);
      return;
    }
    for (const [key, at] of restored) {
      const list = this.events.get(key) ?? [];
      if (!list.includes(at)) list.push(at);
      this.events.set(
        key,
        list.sort((a, b) => a - b),
      );
    }
    this.lastPrune = since + this.windowMs;
    await this.write((s) => s.store.prune(s.bucket, since));
  }

  /** Settles once every store write issued so far has finished (or failed and been reported). */
  flush(): Promise<void> {
    return this.writes;
  }

  private write(operation: (p: ThrottlePersistence) => Promise<void>): Promise<void> {
    const p = this.persistence;
    if (!p) return Promise.resolve();
    this.writes = this.writes
      .then(() => operation(p))
      .catch((err: unknown) => {
        p.onError(err);
      });
    return this.writes;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.events.delete(key);
    else this.events.set(key, list);
    return list;
  }
}
