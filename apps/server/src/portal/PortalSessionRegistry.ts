import type { PortalSession } from './PortalSession.js';

/**
 * Every live connection of the portal, by sessid. Sessids start at 1 and are never reused; a
 * cluster's portal takes them from its own blocks instead (docs/cluster.md#sessions).
 */
export class PortalSessionRegistry {
  private readonly sessions = new Map<number, PortalSession>();
  private lastSessid = 0;
  /** Where sessids come from, when not from this counter. */
  allocate: (() => number) | undefined;

  nextSessid(): number {
    if (this.allocate) return this.allocate();
    this.lastSessid += 1;
    return this.lastSessid;
  }
  add(session: PortalSession): void {
    this.sessions.set(session.sessid, session);
  }
  get(sessid: number): PortalSession | undefined {
    return this.sessions.get(sessid);
  }
  remove(sessid: number): PortalSession | undefined {
    const session = this.sessions.get(sessid);
    this.sessions.delete(sessid);
    return session;
  }
  all(): IterableIterator<PortalSession> {
    return this.sessions.values();
  }
  get size(): number {
    return this.sessions.size;
  }
}
