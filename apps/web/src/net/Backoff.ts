export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs?: number;
  /** No delay is longer than this. */
  maxMs?: number;
  /**
   * Each delay is spread by up to ±jitter (a fraction), so that the clients of a restarted
   * portal do not all come back in the same instant.
   */
  jitter?: number;
  /** Defaults to `Math.random`; tests pass a fixed one. */
  random?: () => number;
}

/** Exponential backoff for reconnects: 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s, each ±20 %. */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 10_000;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    const spread = 1 + this.jitter * (2 * this.random() - 1);
    return Math.round(Math.min(this.maxMs, base * spread));
  }

  reset(): void {
    this.failures = 0;
  }
}
