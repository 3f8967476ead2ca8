/**
 * Counts events per key (an IP address) in a sliding window: Evennia's LOGIN_THROTTLE and
 * CREATION_THROTTLE. A limit of 0 disables it. Memory is bounded by pruning on every check.
 */
export class Throttle {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key` has reached the limit within the window. */
  isBlocked(key: string): boolean {
    if (this.limit === 0) return false;
    return this.recent(key).length >= this.limit;
  }

  record(key: string): void {
    if (this.limit === 0) return;
    const list = this.recent(key);
    list.push(this.now());
    this.events.set(key, list);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.events.delete(key);
    else this.events.set(key, list);
    return list;
  }
}
