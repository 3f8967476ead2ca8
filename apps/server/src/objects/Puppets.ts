/**
 * Puppeting: which session controls which character, with Evennia's rules (docs/sessions.md#multisession-modes, docs/architecture.md#default-commands;
 * Evennia's `Account.puppet_object` / `unpuppet_object`).
 *
 * - A character puppeted by another account's session cannot be taken.
 * - Taking one from another session of the same account moves it (modes 0 and 2: the old session
 *   is told and goes OOC) or shares it (modes 1 and 3: both are told).
 * - A character enters the game (its room hears it) when its first session puppets it and
 *   leaves when its last one lets go.
 *
 * Its notices are about one session's state (what it now plays), so they go to that session
 * alone, through the router like every other output.
 */
import { ErrorCode, fail, type Result } from '@mud/protocol';
import type { Account } from '../accounts/Account.js';
import type { MultisessionMode } from '../config.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { ServerSession as AnySession } from '../session/ServerSession.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import { escapeMarkup } from '../text/markup.js';
import type { Character } from './Character.js';
import type { World } from './World.js';

type ServerSession = AnySession<Account, Character>;

/** The character now puppeted, or why not. */
export type PuppetResult = Result<Character>;

export interface PuppetsOptions {
  sessions: SessionHandler<Account, Character>;
  router: MessageRouter<Account, Character>;
  world: World;
  mode: MultisessionMode;
  maxPuppets: number;
  /**
   * A session's puppet changed: sync it to the portal, send its OOB state. `character` is the one
   * taken or let go, whose owner's menu changes too when another account (a superuser) played it.
   */
  onSessionChanged(session: ServerSession, character: Character): void;
  /** Remember the account's last puppet. */
  saveLastPuppet(session: ServerSession, character: Character): Promise<void>;
  /** The room description a character sees on arrival. */
  look(character: Character): string;
  /**
   * Saving where a character entered the game failed (the database is down,
   * docs/cluster.md#postgresql). Not awaited by the puppeting, so reported here rather than
   * left an unhandled rejection that would take the game server down.
   */
  onSaveFailed(character: Character, err: unknown): void;
}

export class Puppets {
  constructor(private readonly options: PuppetsOptions) {}

  private tell(session: ServerSession, text: string): void {
    this.options.router.msg({ kind: 'session', session }, text);
  }

  private get shares(): boolean {
    return this.options.mode === 1 || this.options.mode === 3;
  }

  async puppet(session: ServerSession, character: Character): Promise<PuppetResult> {
    const account = session.account;
    if (!account) return fail(ErrorCode.NotPermitted, 'You must be logged in to play a character.');
    const name = `|c${escapeMarkup(character.name)}|n`;
    if (session.puppet === character) return fail(ErrorCode.AlreadyDone, `You are already playing ${name}.`);
    if (character.accountId !== account.id && !account.isSuperuser) {
      return fail(ErrorCode.NotPermitted, `${name} is not one of your characters.`);
    }
    const holders = this.options.sessions.byPuppet(character);
    if (holders.some((s) => s.account?.id !== account.id)) {
      return fail(ErrorCode.NotPermitted, `${name}|R is already puppeted by another account.|n`);
    }
    const othersPuppets = new Set(
      account.sessions
        .all()
        .filter((s) => s !== session && s.puppet)
        .map((s) => s.puppet),
    );
    if (!othersPuppets.has(character) && othersPuppets.size >= this.options.maxPuppets) {
      return fail(ErrorCode.LimitReached, `You cannot control any more puppets (max ${this.options.maxPuppets}).`);
    }

    // Switching puppets is not going OOC: the session is told what it becomes, not "You go OOC."
    // first (Evennia's `puppet_object` unpuppets silently; the message is `ooc`'s).
    if (session.puppet) this.release(session, { quiet: true });

    // Attach first, so a take-over never looks like the character leaving and re-entering.
    this.options.sessions.setPuppet(session, character);
    if (holders.length > 0 && this.shares) {
      this.tell(session, `Sharing ${name} with another of your sessions.`);
      for (const other of holders) this.tell(other, `${name}|G is now shared from another of your sessions.|n`);
    } else if (holders.length > 0) {
      this.tell(session, `Taking over ${name} from another of your sessions.`);
      for (const other of holders) {
        this.tell(other, `${name}|R is now acted from another of your sessions.|n`);
        this.release(other, { quiet: true });
      }
    } else {
      this.enterGame(character);
    }
    this.tell(session, `\nYou become ${name}.\n`);
    this.tell(session, this.options.look(character));
    await this.options.saveLastPuppet(session, character);
    this.options.onSessionChanged(session, character);
    return { ok: true, value: character };
  }

  /**
   * Lets go of the session's puppet. The session is told it went OOC unless `quiet`.
   * Returns false when it had no puppet.
   */
  unpuppet(session: ServerSession, options: { quiet?: boolean } = {}): boolean {
    return this.release(session, options);
  }

  private release(session: ServerSession, options: { quiet?: boolean }): boolean {
    const character = session.puppet;
    if (!character) return false;
    this.options.sessions.setPuppet(session, undefined);
    if (character.sessions.count() === 0) this.leaveGame(character);
    if (!options.quiet) this.tell(session, `You go OOC.`);
    this.options.onSessionChanged(session, character);
    return true;
  }

  /** Reattaches a puppet after a game server restart: no hooks, no messages (docs/architecture.md#restarting-the-game-server). */
  restore(session: ServerSession, character: Character): void {
    this.options.sessions.setPuppet(session, character);
    if (!character.location) {
      const room = this.options.world.arrivalRoom(character);
      character.location = room;
      room.contents.add(character);
    }
  }

  private enterGame(character: Character): void {
    const room = this.options.world.arrivalRoom(character);
    character.location = room;
    if (character.locationId !== room.id) {
      character.locationId = room.id;
      this.options.world.saveLocation(character).catch((err: unknown) => this.options.onSaveFailed(character, err));
    }
    room.msgContents(`${escapeMarkup(character.name)} has entered the game.`, { exclude: [character] });
    room.contents.add(character);
  }

  private leaveGame(character: Character): void {
    const room = character.location;
    if (!room) return;
    room.contents.delete(character);
    character.location = undefined;
    room.msgContents(`${escapeMarkup(character.name)} has left the game.`);
  }
}
