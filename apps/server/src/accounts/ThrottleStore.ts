/**
 * Where a Throttle keeps its counted events so they outlive the game server process (issue 14,
 * item 8: an address throttled before a crash could log in again right after it). The Throttle
 * still decides in memory; the store is only written behind it and read back when a game server
 * takes over. SqlThrottleStore is the real one, MemoryThrottleStore the in-memory twin for unit
 * tests; ThrottleStore.test.ts runs both against the same cases.
 *
 * A bucket names one throttle ("login", "creation", "password-change"); a key is what it counts
 * per (an address, an account id); `at` is epoch milliseconds, unique per bucket and key (the
 * Throttle makes it so), so `remove` takes away exactly one event.
 */
export interface ThrottleStore {
  /** The events of `bucket` later than `since`, oldest first. */
  load(bucket: string, since: number): Promise<Array<[key: string, at: number]>>;
  add(bucket: string, key: string, at: number): Promise<void>;
  /** Removes the event `at` of `key`; nothing happens if there is none. */
  remove(bucket: string, key: string, at: number): Promise<void>;
  /** Forgets the events of `bucket` at or before `before`, which no longer count. */
  prune(bucket: string, before: number): Promise<void>;
}
