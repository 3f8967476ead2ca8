/**
 * The live world: rooms and characters as single instances, loaded from their repositories.
 * Whatever asks for character 7 gets the same object, however many sessions puppet it (docs/sessions.md#multisession-modes).
 */
import { ErrorCode, fail, type Result } from '@mud/protocol';
import type { Account } from '../accounts/Account.js';
import { validateAccountName } from '../accounts/validators.js';
import type { CmdSet } from '../cmdsets/CmdSet.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import { escapeMarkup } from '../text/markup.js';
import { Character } from './Character.js';
import {
  CharacterLimitError,
  CharacterNameTakenError,
  type CharacterRecord,
  type CharacterRepository,
} from './CharacterRepository.js';
import { Room } from './Room.js';
import type { RoomRepository } from './RoomRepository.js';

export const LIMBO_ID = 1;
export const DEFAULT_CHARACTER_DESCRIPTION = 'An unremarkable person.';

export type CreateCharacterResult = Result<Character>;

export interface WorldOptions {
  characters: CharacterRepository;
  rooms: RoomRepository;
  sessions: SessionHandler<Account, Character>;
  router: MessageRouter<Account, Character>;
  /** Builds the cmdset every character carries (Evennia's CMDSET_CHARACTER). */
  characterCmdSet: () => CmdSet;
}

export class World {
  private readonly rooms = new Map<number, Room<Character>>();
  private readonly characters = new Map<number, Character>();

  constructor(private readonly options: WorldOptions) {}

  get repository(): CharacterRepository {
    return this.options.characters;
  }

  async load(): Promise<void> {
    for (const record of await this.options.rooms.all()) this.rooms.set(record.id, new Room<Character>(record));
    if (!this.rooms.has(LIMBO_ID)) throw new Error('the database has no Limbo (room 1)');
  }

  room(id: number | null): Room<Character> | undefined {
    return id === null ? undefined : this.rooms.get(id);
  }

  /** Every room, by id. */
  allRooms(): Room<Character>[] {
    return [...this.rooms.values()];
  }

  /** Creates and stores a room (Evennia's `create_object` for a room). */
  async createRoom(name: string, description = ''): Promise<Room<Character>> {
    const room = new Room<Character>(await this.options.rooms.create({ name, description }));
    this.rooms.set(room.id, room);
    return room;
  }

  /**
   * Moves a character that is in the game to `room` (Evennia's `move_to`): the room it leaves
   * and the one it enters are told, the new location is stored.
   */
  async move(character: Character, room: Room<Character>): Promise<void> {
    const from = character.location;
    if (!from || from === room) return;
    const name = escapeMarkup(character.name);
    from.contents.delete(character);
    from.msgContents(`${name} leaves.`);
    room.msgContents(`${name} arrives.`);
    room.contents.add(character);
    character.location = room;
    character.locationId = room.id;
    await this.saveLocation(character);
  }

  /** Where a character arriving in the game goes: its stored location, else Limbo. */
  arrivalRoom(character: Character): Room<Character> {
    return this.room(character.locationId) ?? (this.rooms.get(LIMBO_ID) as Room<Character>);
  }

  private live(record: CharacterRecord): Character {
    let character = this.characters.get(record.id);
    if (!character) {
      character = new Character(record, this.options.sessions, this.options.router);
      character.cmdsets.add(this.options.characterCmdSet());
      this.characters.set(record.id, character);
    }
    return character;
  }

  async character(id: number): Promise<Character | undefined> {
    const cached = this.characters.get(id);
    if (cached) return cached;
    const record = await this.options.characters.findById(id);
    return record ? this.live(record) : undefined;
  }

  async characterByName(name: string): Promise<Character | undefined> {
    const record = await this.options.characters.findByName(name.trim());
    return record ? this.live(record) : undefined;
  }

  /** The account's characters, oldest first. */
  async charactersOf(accountId: number): Promise<Character[]> {
    return (await this.options.characters.findByAccount(accountId)).map((r) => this.live(r));
  }

  async createCharacter(
    account: Account,
    name: string,
    description: string,
    maxPerAccount: number,
  ): Promise<CreateCharacterResult> {
    const valid = validateAccountName(name);
    if (!valid.ok) return fail(valid.code, valid.reason.replace(/Account names?/g, 'Character names'));
    try {
      const record = await this.options.characters.createForAccount({
        accountId: account.id,
        name: valid.value,
        description: description.trim() || DEFAULT_CHARACTER_DESCRIPTION,
        locationId: LIMBO_ID,
        maxPerAccount,
      });
      return { ok: true, value: this.live(record) };
    } catch (err) {
      if (err instanceof CharacterLimitError) {
        const plural = maxPerAccount === 1 ? '' : 's';
        return fail(ErrorCode.LimitReached, `You may only have a maximum of ${maxPerAccount} character${plural}.`);
      }
      if (err instanceof CharacterNameTakenError) {
        return fail(ErrorCode.NameTaken, `A character named "${valid.value}" already exists.`);
      }
      throw err;
    }
  }

  /** Deletes a character nobody plays. */
  async deleteCharacter(character: Character): Promise<void> {
    await this.options.characters.delete(character.id);
    character.location?.contents.delete(character);
    this.characters.delete(character.id);
  }

  /** Persists where a character is. */
  async saveLocation(character: Character): Promise<void> {
    await this.options.characters.setLocation(character.id, character.locationId);
  }
}
