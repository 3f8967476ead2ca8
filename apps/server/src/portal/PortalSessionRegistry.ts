import { SESSID_BLOCK } from '@mud/protocol';
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

  /** The sessid blocks this portal's own sessids came from. */
  private readonly blocks = new Set<number>();

  nextSessid(): number {
    let sessid: number;
    if (this.allocate) sessid = this.allocate();
    else {
      this.lastSessid += 1;
      sessid = this.lastSessid;
    }
    this.blocks.add(Math.floor(sessid / SESSID_BLOCK));
    return sessid;
  }

  /** The blocks of this portal's own sessids, and the sessions it carries from other blocks. */
  ownership(): { blocks: number[]; adopted: number[] } {
    const adopted: number[] = [];
    for (const sessid of this.sessions.keys()) {
      if (!this.blocks.has(Math.floor(sessid / SESSID_BLOCK))) adopted.push(sessid);
    }
    return { blocks: [...this.blocks], adopted };
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
