/**
 * Private resume tokens (issue 5): one valid token per session, single use, rotated on every
 * issue. Only a hash of each token is kept, so neither memory dumps nor logs hold a usable one.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The form a token is kept in: a SHA-256 digest, base64url (also a valid NATS key). */
export const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Where resume tokens live: this portal's memory (`ResumeTokens`), or in a cluster the shared
 * bucket as well, so a token works on any portal (docs/cluster.md#resume-on-any-portal).
 */
export interface ResumeTokenStore {
  issue(sessid: number): string;
  peek(token: string): number | undefined | Promise<number | undefined>;
  take(token: string): number | undefined | Promise<number | undefined>;
  revoke(sessid: number): void;
  readonly size: number;
}

export class ResumeTokens implements ResumeTokenStore {
  private readonly bySessid = new Map<number, string>();
  private readonly byHash = new Map<string, number>();

  /** A fresh token for the session; any earlier one stops working. */
  issue(sessid: number): string {
    this.revoke(sessid);
    const token = randomBytes(32).toString('base64url');
    const digest = hash(token);
    this.bySessid.set(sessid, digest);
    this.byHash.set(digest, sessid);
    return token;
  }

  /** The session the token would resume, leaving the token valid. */
  peek(token: string): number | undefined {
    return this.byHash.get(hash(token));
  }

  /** The session the token resumes, once: the token is spent either way. */
  take(token: string): number | undefined {
    const sessid = this.byHash.get(hash(token));
    if (sessid !== undefined) this.revoke(sessid);
    return sessid;
  }

  revoke(sessid: number): void {
    const digest = this.bySessid.get(sessid);
    if (digest === undefined) return;
    this.bySessid.delete(sessid);
    this.byHash.delete(digest);
  }

  get size(): number {
    return this.bySessid.size;
  }
}
