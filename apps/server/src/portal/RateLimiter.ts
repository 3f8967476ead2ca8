/**
 * Token buckets for the portal's rate limits (docs/settings.md#limits): per-session input rate and per-address
 * connection rate. A rate of 0 disables the limit.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = ratePerSecond,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the caller drops the event). */
  take(): boolean {
    if (this.ratePerSecond === 0) return true;
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely: its state carries no information any more. */
  isFull(): boolean {
    const elapsed = (this.now() - this.last) / 1000;
    return this.tokens + elapsed * this.ratePerSecond >= this.burst;
  }
}

/** One bucket per key (an address), pruned so idle keys cost no memory. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private lastPrune: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPrune = now();
  }

  take(key: string): boolean {
    if (this.ratePerSecond === 0) return true;
    this.prune();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.ratePerSecond, this.ratePerSecond, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(): void {
    const now = this.now();
    if (now - this.lastPrune < 10_000) return;
    this.lastPrune = now;
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key);
  }
}
