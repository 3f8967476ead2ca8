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

  /**
   * Checks and counts in one synchronous step, so callers that then await (an argon2 verify or
   * hash) cannot all pass a check made before any of them was counted. Undefined when `key` is
   * blocked; otherwise the attempt already counts, and `release()` un-counts it (for an attempt
   * that turned out not to be one the throttle is about, such as a successful login). Releasing
   * twice, or after the event left the window, does nothing.
   */
  reserve(key: string): { release(): void } | undefined {
    if (this.limit === 0) return { release() {} };
    const list = this.recent(key);
    if (list.length >= this.limit) return undefined;
    const at = this.now();
    list.push(at);
    this.events.set(key, list);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const current = this.events.get(key);
        const i = current ? current.indexOf(at) : -1;
        if (!current || i < 0) return;
        current.splice(i, 1);
        if (current.length === 0) this.events.delete(key);
      },
    };
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.events.delete(key);
    else this.events.set(key, list);
    return list;
  }
}
