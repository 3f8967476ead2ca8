/**
 * The game server's one session handler (docs/sessions.md#the-session-handler): every server session, with lookups by sessid,
 * account and puppet, and the operations that reach many sessions. Lookups by account and puppet
 * are indexed, because message routing asks them on every line of output.
 */
import type { ServerSession } from './ServerSession.js';
import type { SessionAccount, SessionHandlerView, SessionPuppet } from './types.js';

export interface SessionHandlerHooks<S> {
  /** Ends a session: the portal closes its connection cleanly with `reason`. */
  disconnect(session: S, reason: string): void;
}

function addTo<K, S>(index: Map<K, Set<S>>, key: K, session: S): void {
  const set = index.get(key);
  if (set) set.add(session);
  else index.set(key, new Set([session]));
}
function removeFrom<K, S>(index: Map<K, Set<S>>, key: K, session: S): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(session);
  if (set.size === 0) index.delete(key);
}

/** `A` and `P`: the game's account and character classes (see `ServerSession`). */
export class SessionHandler<A extends SessionAccount = SessionAccount, P extends SessionPuppet = SessionPuppet>
  implements SessionHandlerView<ServerSession<A, P>, P>
{
  private readonly sessions = new Map<number, ServerSession<A, P>>();
  private readonly byAccountId = new Map<number, Set<ServerSession<A, P>>>();
  private readonly byPuppetObject = new Map<P, Set<ServerSession<A, P>>>();

  constructor(private readonly hooks: SessionHandlerHooks<ServerSession<A, P>>) {}

  add(session: ServerSession<A, P>): void {
    this.sessions.set(session.sessid, session);
    session.sessionHandler = this;
    if (session.account) addTo(this.byAccountId, session.account.id, session);
    if (session.puppet) addTo(this.byPuppetObject, session.puppet, session);
  }
  remove(sessid: number): ServerSession<A, P> | undefined {
    const session = this.sessions.get(sessid);
    if (!session) return undefined;
    this.sessions.delete(sessid);
    if (session.account) removeFrom(this.byAccountId, session.account.id, session);
    if (session.puppet) removeFrom(this.byPuppetObject, session.puppet, session);
    return session;
  }

  /** Logs `session` in as `account` (or out, with undefined), keeping the index true. */
  setAccount(session: ServerSession<A, P>, account: A | undefined): void {
    if (session.account) removeFrom(this.byAccountId, session.account.id, session);
    session.account = account;
    session.loggedIn = account !== undefined;
    if (account && this.sessions.has(session.sessid)) addTo(this.byAccountId, account.id, session);
  }

  /** Sets the session's puppet (or none), keeping the index true. */
  setPuppet(session: ServerSession<A, P>, puppet: P | undefined): void {
    if (session.puppet) removeFrom(this.byPuppetObject, session.puppet, session);
    session.puppet = puppet;
    if (puppet && this.sessions.has(session.sessid)) addTo(this.byPuppetObject, puppet, session);
  }

  get(sessid: number): ServerSession<A, P> | undefined {
    return this.sessions.get(sessid);
  }
  all(): ServerSession<A, P>[] {
    return [...this.sessions.values()];
  }
  count(): number {
    return this.sessions.size;
  }
  /** Logged-in sessions only. */
  loggedIn(): ServerSession<A, P>[] {
    return this.all().filter((s) => s.loggedIn);
  }
  /** The account's sessions, by sessid. */
  byAccount(accountId: number): ServerSession<A, P>[] {
    return [...(this.byAccountId.get(accountId) ?? [])].sort((a, b) => a.sessid - b.sessid);
  }
  /** The sessions puppeting a character, by sessid. */
  byPuppet(puppet: P | undefined): ServerSession<A, P>[] {
    if (!puppet) return [];
    return [...(this.byPuppetObject.get(puppet) ?? [])].sort((a, b) => a.sessid - b.sessid);
  }
  disconnect(session: ServerSession<A, P>, reason: string): void {
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
