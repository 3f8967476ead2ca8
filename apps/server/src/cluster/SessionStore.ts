/**
 * The game-server host's sessions (docs/cluster.md#sessions): which portal holds each session,
 * its sync data, its latest state frames and its last handled input, in memory and in the
 * cluster's key-value bucket. A restarted host (or the game server it starts) is given every
 * session of every portal from the bucket.
 *
 * A new session is written before its `connect` is acknowledged, a removal before its
 * `disconnect` is; changes (syncs, statistics, state frames) are written behind, coalesced, a few
 * milliseconds later, and written again if NATS refused them.
 */

import { isStoredSession, type StoredSession } from '@mud/protocol';
import type { KV } from '@nats-io/kv';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { encode } from './nats.js';

const WRITE_BEHIND_MS = 20;
const RETRY_MS = 500;

export class SessionStore {
  private readonly sessions = new Map<number, StoredSession>();
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
  ) {}

  /** Reads every stored session: the host's first act. */
  async load(): Promise<void> {
    const keys = await this.kv.keys();
    for await (const key of keys) {
      const entry = await this.kv.get(key);
      if (entry?.operation !== 'PUT') continue;
      const value = entry.json<unknown>();
      if (isStoredSession(value)) this.sessions.set(value.session.sessid, value);
      else logIncident(this.logger, 'cluster-invalid-message', { bucket: 'sessions', key });
    }
  }

  get(sessid: number): StoredSession | undefined {
    return this.sessions.get(sessid);
  }

  all(): IterableIterator<StoredSession> {
    return this.sessions.values();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A new session: settles once it is in the bucket. */
  add(record: StoredSession): Promise<void> {
    this.sessions.set(record.session.sessid, record);
    this.dirty.delete(record.session.sessid);
    return this.write(record.session.sessid);
  }

  /** The session changed in place: it is written shortly. */
  changed(sessid: number): void {
    if (!this.sessions.has(sessid)) return;
    this.dirty.add(sessid);
    this.timer ??= setTimeout(() => this.flush(), WRITE_BEHIND_MS);
  }

  /** The session is over: settles once it is out of the bucket. */
  remove(sessid: number): Promise<void> {
    this.sessions.delete(sessid);
    this.dirty.delete(sessid);
    return this.kv.delete(String(sessid)).then(
      () => {},
      (err: unknown) => logIncident(this.logger, 'cluster-store-failed', { err, sessid }),
    );
  }

  /** Writes every pending change now; settles when they are stored (or failed and rescheduled). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const sessids = [...this.dirty];
    this.dirty.clear();
    await Promise.all(sessids.map((sessid) => this.write(sessid)));
  }

  private async write(sessid: number): Promise<void> {
    const record = this.sessions.get(sessid);
    if (!record) return;
    try {
      await this.kv.put(String(sessid), encode(record));
    } catch (err) {
      logIncident(this.logger, 'cluster-store-failed', { err, sessid });
      if (!this.sessions.has(sessid)) return;
      this.dirty.add(sessid);
      this.timer ??= setTimeout(() => this.flush(), RETRY_MS);
    }
  }
}
