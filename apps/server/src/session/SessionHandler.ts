/**
 * The game server's one session handler (SPEC §4): every server session, with lookups by sessid,
 * account and puppet, and the operations that reach many sessions.
 */
import type { ServerSession } from './ServerSession.js';

export interface SessionHandlerHooks {
  /** Ends a session: the portal closes its connection cleanly with `reason`. */
  disconnect(session: ServerSession, reason: string): void;
}

export class SessionHandler {
  private readonly sessions = new Map<number, ServerSession>();

  constructor(private readonly hooks: SessionHandlerHooks) {}

  add(session: ServerSession): void {
    this.sessions.set(session.sessid, session);
  }
  remove(sessid: number): ServerSession | undefined {
    const session = this.sessions.get(sessid);
    this.sessions.delete(sessid);
    return session;
  }
  get(sessid: number): ServerSession | undefined {
    return this.sessions.get(sessid);
  }
  all(): ServerSession[] {
    return [...this.sessions.values()];
  }
  count(): number {
    return this.sessions.size;
  }
  /** Logged-in sessions only. */
  loggedIn(): ServerSession[] {
    return this.all().filter((s) => s.loggedIn);
  }
  byAccount(accountId: number): ServerSession[] {
    return this.all().filter((s) => s.account?.id === accountId);
  }
  byPuppet(puppet: unknown): ServerSession[] {
    if (puppet === undefined) return [];
    return this.all().filter((s) => s.puppet === puppet);
  }
  disconnect(session: ServerSession, reason: string): void {
    this.hooks.disconnect(session, reason);
  }
  disconnectAll(reason: string): void {
    for (const session of this.all()) this.hooks.disconnect(session, reason);
  }
  /** A message to every connected session, logged in or not. */
  announceAll(text: string): void {
    for (const session of this.sessions.values()) session.msg(text);
  }
}
