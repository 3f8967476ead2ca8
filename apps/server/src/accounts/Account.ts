/**
 * A live account: the stored record plus what only exists while it is online — its cmdsets and
 * its sessions (docs/sessions.md#multisession-modes, docs/sessions.md#session-properties). One instance per account id while any of its sessions is connected.
 */
import { CmdSetHandler } from '../cmdsets/CmdSetHandler.js';
import type { Character } from '../objects/Character.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { MsgKwargs, ServerSession } from '../session/ServerSession.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import type { Account as AccountRecord } from './AccountRepository.js';

/**
 * `account.sessions`: Evennia's session handler on an account. `add` and `remove` are the low
 * level, as in Evennia: they log a session in or out of this account in the session handler's
 * index and nothing else — no cmdsets, hooks, menu or messages (`game.login` does the whole login).
 */
export class AccountSessions {
  constructor(
    private readonly account: Account,
    private readonly handler: SessionHandler<Account, Character>,
  ) {}
  /** One session by sessid, or all of them. */
  get(sessid?: number): ServerSession<Account, Character>[] {
    const all = this.handler.byAccount(this.account.id);
    return sessid === undefined ? all : all.filter((s) => s.sessid === sessid);
  }
  all(): ServerSession<Account, Character>[] {
    return this.handler.byAccount(this.account.id);
  }
  count(): number {
    return this.all().length;
  }
  /** Attaches a session the session handler holds to this account (it leaves any other). */
  add(session: ServerSession<Account, Character>): void {
    this.handler.setAccount(session, this.account);
  }
  /** Detaches the session from this account; false when it was not this account's. */
  remove(session: ServerSession<Account, Character>): boolean {
    if (session.account !== this.account) return false;
    this.handler.setAccount(session, undefined);
    return true;
  }
}

export class Account {
  readonly id: number;
  readonly name: string;
  readonly isSuperuser: boolean;
  readonly createdAt: number;
  lastLoginAt: number | null;
  /** The character last puppeted, for auto-puppet on login. */
  lastPuppetId: number | null;
  /**
   * Granted permissions (accounts/permissions.ts), kept in step with the database by `perm`;
   * `hasPermission(account, 'Admin')` also answers true for the superuser.
   */
  readonly permissions: Set<string>;
  readonly cmdsets = new CmdSetHandler();
  readonly sessions: AccountSessions;
  /** Non-persistent attributes. */
  readonly ndb: Record<string, unknown> = {};

  constructor(
    record: AccountRecord,
    handler: SessionHandler<Account, Character>,
    private readonly router: MessageRouter<Account, Character>,
  ) {
    this.id = record.id;
    this.name = record.name;
    this.isSuperuser = record.isSuperuser;
    this.createdAt = record.createdAt;
    this.lastLoginAt = record.lastLoginAt;
    this.lastPuppetId = record.lastPuppetId ?? null;
    this.permissions = new Set(record.permissions ?? []);
    this.sessions = new AccountSessions(this, handler);
  }

  /**
   * `account.msg(text)` reaches every session; with `{ session }` only that one. `kwargs` also
   * takes `fromObj`, `options`, `prompt` and OOB commands (docs/sessions.md#message-routing).
   */
  msg(text: string | undefined, kwargs: MsgKwargs<ServerSession<Account, Character>> = {}): void {
    this.router.msg({ kind: 'account', account: this }, text, kwargs);
  }
}
