/**
 * A portal's way into the input stream (docs/cluster.md#input): messages go out in the order
 * they were given, a window at a time, each with an id the stream de-duplicates on. A publish
 * that fails (NATS restarting) is retried, in order, before anything newer, so a player's
 * commands are never reordered or lost by an outage, and never doubled by its retries.
 */

import type { ClusterInput } from '@mud/protocol';
import type { JetStreamClient } from '@nats-io/jetstream';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { encode } from './nats.js';

/** Publishes in flight at once: enough to keep the stream busy, few to retry after a failure. */
const WINDOW = 64;
const RETRY_MS = 250;

interface Pending {
  readonly id: string;
  readonly data: string;
}

export class InputPublisher {
  private queue: Pending[] = [];
  private pumping = false;
  private count = 0;
  private failing = false;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly subject: string,
    /** Unique per portal process: the stream de-duplicates on `<prefix>-<n>`. */
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  publish(message: ClusterInput): void {
    this.count += 1;
    this.queue.push({ id: `${this.prefix}-${this.count}`, data: encode(message) });
    if (!this.pumping) void this.pump();
  }

  /** Messages not yet stored in the stream. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Settles once everything given so far is in the stream. */
  flushed(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.queue.length > 0) {
      const window = this.queue.slice(0, WINDOW);
      const results = await Promise.allSettled(
        window.map((item) => this.js.publish(this.subject, item.data, { msgID: item.id, timeout: 5000 })),
      );
      // Everything up to the first failure is stored; from there on it is sent again, in order
      // (the stream drops the copies of any that were stored after all).
      const firstFailed = results.findIndex((result) => result.status === 'rejected');
      const stored = firstFailed === -1 ? window.length : firstFailed;
      this.queue.splice(0, stored);
      if (firstFailed !== -1) {
        if (!this.failing) {
          const failure = results[firstFailed] as PromiseRejectedResult;
          logIncident(this.logger, 'cluster-publish-failed', { err: failure.reason, backlog: this.queue.length });
        }
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      } else if (this.failing) {
        this.failing = false;
        this.logger.info('input stream reachable again');
      }
    }
    this.pumping = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
