/**
 * Characters in a Map: the default repository for unit tests that do not need SQLite. It keeps
 * the SQL repository's contract (case-insensitive names unique across all characters, and
 * unique by look-alike skeleton too, the per-account limit checked atomically with the insert,
 * ids ordered and never reused, copies out so callers cannot mutate stored state);
 * CharacterRepository.test.ts runs both against the same cases. What it cannot mirror, knowing no accounts or rooms: the foreign keys (an unknown
 * account or room is not refused, deleting an account does not delete its characters, and
 * deleting a character does not clear an account's last puppet).
 */
import { nameSkeleton } from '../accounts/skeleton.js';
import { nameKey } from '../accounts/validators.js';
import {
  CharacterLimitError,
  CharacterNameTakenError,
  CharacterNotFoundError,
  type CharacterRecord,
  type CharacterRepository,
  type NewCharacter,
} from './CharacterRepository.js';

export class MemoryCharacterRepository implements CharacterRepository {
  /** Insertion order is id order, since ids only grow. */
  readonly #byId = new Map<number, CharacterRecord>();
  readonly #idByKey = new Map<string, number>();
  /** The skeletons taken, as the SQL repository's UNIQUE `name_skeleton` column. */
  readonly #skeletons = new Set<string>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async createForAccount(input: NewCharacter & { maxPerAccount: number }): Promise<CharacterRecord> {
    // Atomic for free: the checks and the insert run in one synchronous stretch, with no await
    // in between for another creation to slip into. Limit before name, as the SQL statement
    // inserts nothing (and so trips no unique index) when the account is full.
    if (this.#count(input.accountId) >= input.maxPerAccount) {
      throw new CharacterLimitError(input.accountId, input.maxPerAccount);
    }
    const key = nameKey(input.name);
    const skeleton = nameSkeleton(input.name);
    if (this.#idByKey.has(key) || this.#skeletons.has(skeleton)) throw new CharacterNameTakenError(input.name);
    const record: CharacterRecord = {
      id: this.#nextId++,
      accountId: input.accountId,
      name: input.name,
      description: input.description,
      locationId: input.locationId,
      createdAt: this.#now(),
    };
    this.#byId.set(record.id, record);
    this.#idByKey.set(key, record.id);
    this.#skeletons.add(skeleton);
    return { ...record };
  }

  async findById(id: number): Promise<CharacterRecord | undefined> {
    const record = this.#byId.get(id);
    return record && { ...record };
  }

  async findByAccount(accountId: number): Promise<CharacterRecord[]> {
    return [...this.#byId.values()].filter((r) => r.accountId === accountId).map((r) => ({ ...r }));
  }

  async findByName(name: string): Promise<CharacterRecord | undefined> {
    const id = this.#idByKey.get(nameKey(name));
    return id === undefined ? undefined : this.findById(id);
  }

  async countByAccount(accountId: number): Promise<number> {
    return this.#count(accountId);
  }

  async delete(id: number): Promise<boolean> {
    const record = this.#byId.get(id);
    if (!record) return false;
    this.#byId.delete(id);
    this.#idByKey.delete(nameKey(record.name));
    this.#skeletons.delete(nameSkeleton(record.name));
    return true;
  }

  async setLocation(id: number, locationId: number | null): Promise<void> {
    this.#get(id).locationId = locationId;
  }

  async setDescription(id: number, description: string): Promise<void> {
    this.#get(id).description = description;
  }

  #count(accountId: number): number {
    let n = 0;
    for (const record of this.#byId.values()) if (record.accountId === accountId) n += 1;
    return n;
  }

  #get(id: number): CharacterRecord {
    const record = this.#byId.get(id);
    if (!record) throw new CharacterNotFoundError(id);
    return record;
  }
}
