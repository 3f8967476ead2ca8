/**
 * Throttle events in a Map: the in-memory twin of SqlThrottleStore for unit tests. Shared by two
 * AccountServices it stands for the database a restarted game server reads back.
 */
import type { ThrottleStore } from './ThrottleStore.js';

export class MemoryThrottleStore implements ThrottleStore {
  /** Bucket → rows, each `[key, at]`. */
  readonly #buckets = new Map<string, Array<[string, number]>>();

  async load(bucket: string, since: number): Promise<Array<[key: string, at: number]>> {
    return this.#rows(bucket)
      .filter(([, at]) => at > since)
      .sort((a, b) => a[1] - b[1])
      .map(([key, at]) => [key, at]);
  }

  async add(bucket: string, key: string, at: number): Promise<void> {
    this.#rows(bucket).push([key, at]);
  }

  async remove(bucket: string, key: string, at: number): Promise<void> {
    this.#buckets.set(
      bucket,
      this.#rows(bucket).filter(([k, t]) => k !== key || t !== at),
    );
  }

  async prune(bucket: string, before: number): Promise<void> {
    this.#buckets.set(
      bucket,
      this.#rows(bucket).filter(([, at]) => at > before),
    );
  }

  /** How many rows the store holds, over all buckets: for tests of pruning. */
  size(): number {
    let n = 0;
    for (const rows of this.#buckets.values()) n += rows.length;
    return n;
  }

  #rows(bucket: string): Array<[string, number]> {
    let rows = this.#buckets.get(bucket);
    if (!rows) {
      rows = [];
      this.#buckets.set(bucket, rows);
    }
    return rows;
  }
}
