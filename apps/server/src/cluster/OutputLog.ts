/**
 * The host's recent messages to each portal, numbered (docs/cluster.md#output). Core NATS
 * delivers at most once: a portal whose connection is down for a moment (a NATS restart) misses
 * what was published meanwhile. Each message on a portal's subject carries the host's start and a
 * sequence; a portal that sees a gap, or has just reconnected, asks for what it missed, and gets
 * it from here while it is still kept (the last 30 seconds, 10,000 messages at most).
 */
import { randomBytes } from 'node:crypto';
import { CLUSTER_VERSION, type HostMessage } from '@mud/protocol';
import { encode } from './nats.js';

const KEEP_MS = 30_000;
const KEEP_MAX = 10_000;

interface Kept {
  readonly seq: number;
  readonly data: string;
  readonly at: number;
}

export class OutputLog {
  /** This start of the host. */
  readonly host = randomBytes(6).toString('hex');
  private readonly portals = new Map<string, { next: number; kept: Kept[] }>();

  /** Numbers `m` for `portal` and keeps it; the encoded message to publish. */
  add(portal: string, m: HostMessage): string {
    let log = this.portals.get(portal);
    if (!log) {
      log = { next: 1, kept: [] };
      this.portals.set(portal, log);
    }
    const seq = log.next++;
    const data = encode({ v: CLUSTER_VERSION, host: this.host, seq, m });
    const now = Date.now();
    log.kept.push({ seq, data, at: now });
    let drop = 0;
    while (
      drop < log.kept.length &&
      (log.kept.length - drop > KEEP_MAX || now - (log.kept[drop]?.at ?? now) > KEEP_MS)
    ) {
      drop++;
    }
    if (drop > 0) log.kept.splice(0, drop);
    return data;
  }

  /** What is kept for `portal` from `from` on, and the oldest sequence among it. */
  since(portal: string, from: number): { oldest: number | null; data: string[] } {
    const kept = (this.portals.get(portal)?.kept ?? []).filter((k) => k.seq >= from);
    return { oldest: kept[0]?.seq ?? null, data: kept.map((k) => k.data) };
  }

  /** A portal that is gone for good: its log goes. */
  forget(portal: string): void {
    this.portals.delete(portal);
  }
}
