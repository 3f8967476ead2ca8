/**
 * Login and the structured state clients render (docs/sessions.md#multisession-modes, docs/architecture.md#the-web-client): live account objects, the login
 * rules of the multisession modes (the mode 0 kick, auto-create, auto-puppet), and the OOB
 * `session` and `charmenu` frames sent whenever what they describe changes.
 */
import { type CharMenuState, out, type SessionState } from '@mud/protocol';
import { Account } from '../accounts/Account.js';
import type { Account as AccountRecord, AccountRepository } from '../accounts/AccountRepository.js';
import type { CmdSet } from '../cmdsets/CmdSet.js';
import type { GameSession as ServerSession } from '../commands/GameServices.js';
import type { Settings } from '../config.js';
import type { Logger } from '../logger.js';
import type { Character } from '../objects/Character.js';
import type { Puppets } from '../objects/Puppets.js';
import type { World } from '../objects/World.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import { escapeMarkup } from '../text/markup.js';

export interface AccountStatesOptions {
  settings: Settings;
  logger: Logger;
  sessions: SessionHandler<Account, Character>;
  router: MessageRouter<Account, Character>;
  world: World;
  puppets: Puppets;
  accounts: AccountRepository;
  accountCmdSet: () => CmdSet;
  sessionCmdSet: () => CmdSet;
  /** Ends another session (the mode 0 kick). */
  endSession(session: ServerSession, reason: string): void;
  /** Tells the portal the session's new sync data. */
  sync(session: ServerSession): void;
  /** The OOC account view shown after a login that lands OOC. */
  describeAccount(session: ServerSession): Promise<string>;
}

export class AccountStates {
  /** Live accounts with at least one session. */
  private readonly live = new Map<number, Account>();
  /** Character menus being built, by account: asks made meanwhile join them. */
  private readonly menuRuns = new Map<Account, { again: boolean; done: Promise<void> }>();
  /** Set by `close`: the game server is stopping and its database about to close. */
  private closed = false;
  /** The last character menu each session was sent (as JSON), so an unchanged one is not resent. */
  private readonly menuSent = new WeakMap<ServerSession, string>();

  constructor(private readonly o: AccountStatesOptions) {}

  liveAccount(record: AccountRecord): Account {
    let account = this.live.get(record.id);
    if (!account) {
      account = new Account(record, this.o.sessions, this.o.router);
      account.cmdsets.add(this.o.accountCmdSet());
      this.live.set(record.id, account);
    }
    return account;
  }

  /** Forgets an account object once none of its sessions is left. */
  release(account: Account): void {
    if (account.sessions.count() === 0) this.live.delete(account.id);
  }

  /** Logs the session in as the account, without hooks or messages (login and restore share it). */
  attach(session: ServerSession, record: AccountRecord): Account {
    const account = this.liveAccount(record);
    this.o.sessions.setAccount(session, account);
    session.cmdsets.clear();
    session.cmdsets.add(this.o.sessionCmdSet());
    return account;
  }

  async login(session: ServerSession, record: AccountRecord, options: { created?: boolean } = {}): Promise<Account> {
    const { settings } = this.o;
    // Mode 0: one session per account; the new login wins and the old one is told why (docs/sessions.md#multisession-modes).
    if (settings.multisessionMode === 0) {
      for (const other of this.o.sessions.byAccount(record.id)) {
        if (other !== session) this.o.endSession(other, 'You have been logged in from elsewhere. Disconnecting.');
      }
    }
    const account = this.attach(session, record);
    this.o.logger.info({ sessid: session.sessid, accountId: account.id }, 'logged in');
    this.o.router.send({ kind: 'session', session }, out.loggedIn());
    this.tell(session, `|gYou are logged in as ${escapeMarkup(account.name)}.|n Type "help" for commands.`);

    if (options.created && settings.autoCreateCharacterWithAccount) {
      const result = await this.o.world.createCharacter(account, account.name, '', settings.maxNrCharacters);
      if (!result.ok) this.tell(session, `|rNo character was created: ${result.reason}|n`);
    }
    let puppeted = false;
    if (settings.autoPuppetOnLogin) {
      const characters = await this.o.world.charactersOf(account.id);
      const target = characters.find((c) => c.id === account.lastPuppetId) ?? characters[0];
      if (target) {
        const result = await this.o.puppets.puppet(session, target);
        puppeted = result.ok;
        if (!result.ok) this.tell(session, `|r${result.reason}|n`);
      }
    }
    if (!puppeted) {
      this.tell(session, await this.o.describeAccount(session));
      this.sessionChanged(session);
    }
    this.o.sync(session);
    return account;
  }

  /** Login notices are about the one session logging in: only it hears them. */
  private tell(session: ServerSession, text: string): void {
    this.o.router.msg({ kind: 'session', session }, text);
  }

  /**
   * A session's login or puppet changed: its OOB state, its sync data, its account's menu — and
   * the menu of the account owning `character` when that is another account (a superuser took
   * or let go of someone's character: the owner's menu shows who plays it).
   */
  sessionChanged(session: ServerSession, character?: Character): void {
    this.o.router.send({ kind: 'session', session }, out.session(this.sessionState(session)));
    this.o.sync(session);
    if (session.account) void this.menuChanged(session.account);
    const owner = character && character.accountId !== session.account?.id && this.live.get(character.accountId);
    if (owner) void this.menuChanged(owner);
  }

  sessionState(session: ServerSession): SessionState {
    return {
      sessid: session.sessid,
      loggedIn: session.loggedIn,
      account: session.account?.name ?? null,
      puppet: session.puppet?.name ?? null,
      mode: this.o.settings.multisessionMode,
      connTime: session.connTime,
    };
  }

  /**
   * Sends the character menu to the account's sessions. Never rejects: callers fire it and
   * forget, and a failed read (the database closing under a shutdown) must not become an
   * unhandled rejection that takes the game server down.
   *
   * One frame per change: a login or a puppet change asks for the menu two or three times in a
   * row, so calls made while one is being built join it (it is built once more after them, from
   * the state they changed), and a session is not sent the menu it already has.
   */
  menuChanged(account: Account): Promise<void> {
    if (this.closed) return Promise.resolve();
    const running = this.menuRuns.get(account);
    if (running) {
      running.again = true;
      return running.done;
    }
    const run = { again: true, done: Promise.resolve() };
    this.menuRuns.set(account, run);
    run.done = this.buildMenus(account, run);
    return run.done;
  }

  /**
   * Before the game server stops and closes its database: menus being built finish, and none is
   * built after (sessions the portal drops once the server has stopped would otherwise read the
   * closed database).
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.menuRuns.values()].map((run) => run.done));
  }

  private async buildMenus(account: Account, run: { again: boolean }): Promise<void> {
    try {
      while (run.again) {
        run.again = false;
        await this.sendMenu(account);
      }
    } catch (err) {
      this.o.logger.warn({ err, accountId: account.id }, 'could not send the character menu');
    } finally {
      this.menuRuns.delete(account);
    }
  }

  private async sendMenu(account: Account): Promise<void> {
    if (account.sessions.count() === 0) return;
    const characters = await this.o.world.charactersOf(account.id);
    // Read after the await: the sessions as they are now, not as they were when asked.
    const sessions = account.sessions.all();
    const state: CharMenuState = {
      account: account.name,
      characters: characters.map((c) => ({
        id: c.id,
        name: c.name,
        description: c.description,
        puppetedBy: c.sessions.all().map((s) => s.sessid),
      })),
      sessions: sessions.map((s) => ({
        sessid: s.sessid,
        protocolKey: s.protocolKey,
        address: s.address,
        connTime: s.connTime,
        cmdLastVisible: s.cmdLastVisible,
        puppet: s.puppet?.name ?? null,
      })),
      maxCharacters: this.o.settings.maxNrCharacters,
      maxPuppets: this.o.settings.maxNrSimultaneousPuppets,
    };
    const json = JSON.stringify(state);
    const frame = out.charmenu(state);
    for (const session of sessions) {
      if (this.menuSent.get(session) === json) continue;
      this.menuSent.set(session, json);
      this.o.router.send({ kind: 'session', session }, frame);
    }
  }

  async saveLastPuppet(session: ServerSession, characterId: number): Promise<void> {
    const account = session.account;
    if (!account || account.lastPuppetId === characterId) return;
    account.lastPuppetId = characterId;
    await this.o.accounts.setLastPuppet(account.id, characterId);
  }
}
