/**
 * What the session layer needs of an account and a character. Sessions, the session handler and
 * message routing use these shapes instead of importing `accounts/Account` and
 * `objects/Character`, which sit above them (they hold sessions): the layers stay a line,
 * cmdsets ← session ← accounts / objects ← commands ← game code (issue 11).
 */
import type { CmdSetHandler } from '../cmdsets/CmdSetHandler.js';

export interface SessionAccount {
  readonly id: number;
  readonly name: string;
  readonly isSuperuser: boolean;
  /** The account level of a session's cmdset stack. */
  readonly cmdsets: CmdSetHandler;
}

export interface SessionPuppet {
  readonly id: number;
  /** The owning account: the router tells a character from an account by it. */
  readonly accountId: number;
  readonly name: string;
  /** The puppet level of a session's cmdset stack. */
  readonly cmdsets: CmdSetHandler;
}

/**
 * What a session sees of the session handler holding it (`session.sessionHandler`, Evennia's
 * `session.sessionhandler`). `SessionHandler` implements it; declared here so that the session
 * and its handler do not import each other.
 */
export interface SessionHandlerView<S, P> {
  get(sessid: number): S | undefined;
  all(): S[];
  count(): number;
  loggedIn(): S[];
  byAccount(accountId: number): S[];
  byPuppet(puppet: P | undefined): S[];
  disconnect(session: S, reason: string): void;
  disconnectAll(reason: string): void;
  announceAll(text: string): void;
}
