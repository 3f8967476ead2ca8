/**
 * Resume tokens that work on any portal (docs/cluster.md#resume-on-any-portal): each portal keeps
 * its own tokens as on one machine and mirrors each token's hash to the cluster's bucket, so a
 * tab whose portal died presents its token to another portal, which finds the session there.
 * A token is spent once: the bucket entry is deleted with compare-and-set, so two portals given
 * the same token cannot both take it.
 */
import type { KV } from '@nats-io/kv';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { hash, type ResumeTokenStore, ResumeTokens } from '../portal/ResumeTokens.js';

export class ClusterResumeTokens implements ResumeTokenStore {
  private readonly local = new ResumeTokens();
  /** The bucket key of each session's current token, to delete it on revoke. */
  private readonly keys = new Map<number, string>();

  constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
  ) {}

  issue(sessid: number): string {
    this.revoke(sessid);
    const token = this.local.issue(sessid);
    const key = hash(token);
    this.keys.set(sessid, key);
    this.kv.put(key, String(sessid)).catch((err: unknown) => logIncident(this.logger, 'resume-token-store', { err }));
    return token;
  }

  async peek(token: string): Promise<number | undefined> {
    const sessid = this.local.peek(token);
    if (sessid !== undefined) return sessid;
    const entry = await this.kv.get(hash(token)).catch(() => null);
    return entry && entry.operation === 'PUT' ? Number(entry.string()) : undefined;
  }

  async take(token: string): Promise<number | undefined> {
    const sessid = this.local.take(token);
    if (sessid !== undefined) {
      this.forget(sessid);
      return sessid;
    }
    const key = hash(token);
    const entry = await this.kv.get(key).catch(() => null);
    if (entry?.operation !== 'PUT') return undefined;
    try {
      await this.kv.delete(key, { previousSeq: entry.revision });
    } catch {
      return undefined; // spent by another portal in between
    }
    return Number(entry.string());
  }

  revoke(sessid: number): void {
    this.local.revoke(sessid);
    this.forget(sessid);
  }

  private forget(sessid: number): void {
    const key = this.keys.get(sessid);
    if (key === undefined) return;
    this.keys.delete(sessid);
    this.kv.delete(key).catch(() => {});
  }

  get size(): number {
    return this.local.size;
  }
}
