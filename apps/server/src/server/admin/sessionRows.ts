/**
 * The admin view's sessions table, as rows and as changes (issue 16): the feed pushes only the
 * rows that changed since its last push, so a watcher's table follows sessions coming and going
 * without asking.
 */
import type { AdminSessionRow } from '@mud/protocol';
import type { GameSession } from '../../commands/GameServices.js';

export function sessionRow(session: GameSession, portal: string): AdminSessionRow {
  return {
    sessid: session.sessid,
    account: session.account?.name ?? null,
    puppet: session.puppet?.name ?? null,
    protocol: session.protocolKey,
    address: session.address,
    portal,
    connTime: session.connTime,
    cmdLastVisible: session.cmdLastVisible,
    cmdTotal: session.cmdTotal,
  };
}

/** The rows last pushed, by sessid (as JSON, to compare), and what changed since. */
export class SessionRows {
  private sent = new Map<number, string>();

  /** The rows that are new or changed since the last call, and the sessids gone. */
  changes(rows: readonly AdminSessionRow[]): { upsert: AdminSessionRow[]; remove: number[] } {
    const next = new Map<number, string>();
    const upsert: AdminSessionRow[] = [];
    for (const row of rows) {
      const json = JSON.stringify(row);
      next.set(row.sessid, json);
      if (this.sent.get(row.sessid) !== json) upsert.push(row);
    }
    const remove = [...this.sent.keys()].filter((sessid) => !next.has(sessid));
    this.sent = next;
    return { upsert, remove };
  }
}
