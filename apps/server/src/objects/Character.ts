/**
 * A live character: one instance per character, however many sessions puppet it (docs/sessions.md#multisession-modes).
 */
import { CmdSetHandler } from '../cmdsets/CmdSetHandler.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { MsgKwargs, ServerSession } from '../session/ServerSession.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import type { SessionAccount } from '../session/types.js';
import type { CharacterRecord } from './CharacterRepository.js';
import type { Room } from './Room.js';

/**
 * `character.sessions`: the sessions puppeting it (Evennia's ObjectSessionHandler). `add` and
 * `remove` are the low level, as in Evennia: they change the session handler's puppet index and
 * nothing else — no entering or leaving the room, no messages (`game.puppets` does the whole
 * puppeting).
 */
export class PuppetSessions {
  constructor(
    private readonly character: Character,
    private readonly handler: SessionHandler<SessionAccount, Character>,
  ) {}
  get(sessid?: number): ServerSession<SessionAccount, Character>[] {
    const all = this.handler.byPuppet(this.character);
    return sessid === undefined ? all : all.filter((s) => s.sessid === sessid);
  }
  all(): ServerSession<SessionAccount, Character>[] {
    return this.handler.byPuppet(this.character);
  }
  count(): number {
    return this.all().length;
  }
  /** Makes a session the session handler holds puppet this character (it lets go of any other). */
  add(session: ServerSession<SessionAccount, Character>): void {
    this.handler.setPuppet(session, this.character);
  }
  /** Stops the session puppeting this character; false when it did not. */
  remove(session: ServerSession<SessionAccount, Character>): boolean {
    if (session.puppet !== this.character) return false;
    this.handler.setPuppet(session, undefined);
    return true;
  }
}

export class Character {
  readonly id: number;
  readonly accountId: number;
  name: string;
  description: string;
  /** The stored location: where the character is, or returns to when puppeted. */
  locationId: number | null;
  /** The room it is in while in the game; undefined while nobody puppets it. */
  location: Room<Character> | undefined;
  readonly cmdsets = new CmdSetHandler();
  readonly sessions: PuppetSessions;
  readonly ndb: Record<string, unknown> = {};

  constructor(
    record: CharacterRecord,
    handler: SessionHandler<SessionAccount, Character>,
    private readonly router: MessageRouter<SessionAccount, Character>,
  ) {
    this.id = record.id;
    this.accountId = record.accountId;
    this.name = record.name;
    this.description = record.description;
    this.locationId = record.locationId;
    this.sessions = new PuppetSessions(this, handler);
  }

  /**
   * `character.msg(text)`: every session puppeting it; with `{ session }` only that one. `kwargs`
   * also takes `fromObj`, `options`, `prompt` and OOB commands (docs/sessions.md#message-routing).
   */
  msg(text: string | undefined, kwargs: MsgKwargs<ServerSession<SessionAccount, Character>> = {}): void {
    this.router.msg({ kind: 'character', character: this }, text, kwargs);
  }
}
