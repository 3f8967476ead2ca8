/**
 * Where a message goes (docs/sessions.md#message-routing). Every output to a player passes through `recipients`:
 *
 * - `account.msg(x)` → all the account's sessions; with `{ session }` → that one.
 * - `character.msg(x)` → every session puppeting the character; with `{ session }` → that one.
 * - `command.msg(x)` → the session that typed the command; in mode 1 all of the account's
 *   sessions ("with no distinction", as the seed says — Evennia itself mirrors only msg() calls
 *   made without a session); in mode 3 every session sharing the typing session's puppet.
 *   A command no session triggered (an NPC, a script) answers its caller. With `{ session }` →
 *   that one; with `{ toObj }` → that account's or character's sessions instead.
 * - `{ kind: 'session' }` → that one session, logged in or not: notices that are about one
 *   connection only (the connection screen, "you were taken over", a question awaiting its answer).
 *
 * OOB state frames take the same paths through `send`.
 */
import type { OutboundFrame } from '@mud/protocol';
import type { MultisessionMode } from '../config.js';
import { hasOob, type MsgKwargs, oobFrames } from './MsgKwargs.js';
import type { ServerSession } from './ServerSession.js';
import type { SessionHandler } from './SessionHandler.js';
import type { SessionAccount, SessionPuppet } from './types.js';

export type MsgTarget<A extends SessionAccount = SessionAccount, P extends SessionPuppet = SessionPuppet> =
  | { kind: 'session'; session: ServerSession<A, P> }
  | { kind: 'account'; account: A; session?: ServerSession<A, P> | undefined }
  | { kind: 'character'; character: P }
  | { kind: 'command'; session: ServerSession<A, P> | undefined; caller?: A | P | undefined };

/** A `msg` call's kwargs as the router takes them: `session` and `toObj` override the route. */
export interface RouteKwargs<A extends SessionAccount = SessionAccount, P extends SessionPuppet = SessionPuppet>
  extends MsgKwargs<ServerSession<A, P>> {
  /** `command.msg(x, { toObj })`: to this account's or character's sessions instead. */
  toObj?: A | P | undefined;
}

/** `A` and `P`: the game's account and character classes (see `ServerSession`). */
export class MessageRouter<A extends SessionAccount = SessionAccount, P extends SessionPuppet = SessionPuppet> {
  constructor(
    private readonly mode: MultisessionMode,
    private readonly sessions: SessionHandler<A, P>,
  ) {}

  recipients(target: MsgTarget<A, P>): ServerSession<A, P>[] {
    switch (target.kind) {
      case 'session':
        return [target.session];
      case 'account':
        return target.session ? [target.session] : this.sessions.byAccount(target.account.id);
      case 'character':
        return this.sessions.byPuppet(target.character);
      case 'command': {
        const { session, caller } = target;
        if (!session) return caller ? this.sessionsOf(caller) : [];
        if (this.mode === 1 && session.account) return this.sessions.byAccount(session.account.id);
        if (this.mode === 3 && session.puppet) return this.sessions.byPuppet(session.puppet);
        return [session];
      }
    }
  }

  /** The sessions of an account, or those puppeting a character (told apart by `accountId`). */
  sessionsOf(obj: A | P): ServerSession<A, P>[] {
    return 'accountId' in obj ? this.sessions.byPuppet(obj) : this.sessions.byAccount(obj.id);
  }

  /**
   * Sends `text` (none if undefined), a prompt and OOB commands along the route, or to
   * `kwargs.session` / `kwargs.toObj` when given (docs/sessions.md#message-routing).
   * `options.chatter`: other players' room chatter, droppable for a lagging reader (issue 14).
   */
  msg(target: MsgTarget<A, P>, text: string | undefined, kwargs: RouteKwargs<A, P> = {}): void {
    const { session, toObj } = kwargs;
    const to = session ? [session] : toObj ? this.sessionsOf(toObj) : this.recipients(target);
    // Checked once, before any session gets it: bad OOB data reaches nobody rather than some.
    if (hasOob(kwargs)) oobFrames(kwargs);
    for (const recipient of to) recipient.msg(text, kwargs);
  }

  /** Sends a structured (OOB) frame along the same route as `msg`. */
  send(target: MsgTarget<A, P>, frame: OutboundFrame): void {
    for (const session of this.recipients(target)) session.send(frame);
  }
}
