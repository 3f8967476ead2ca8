/**
 * Where characters are kept. The game depends on this interface only; SqlCharacterRepository is
 * the real one, MemoryCharacterRepository the in-memory default for unit tests.
 *
 * Names passed in are already validated (the account-name rules, validators.ts); repositories
 * compare them by `nameKey`, so lookups and the uniqueness rule are case-insensitive and
 * NFKC-folded. Character names are unique among characters only: an account and the character
 * auto-created for it (docs/sessions.md#mode-presets, modes 0 and 1) share a name.
 */
import { ErrorCode } from '@mud/protocol';

export interface CharacterRecord {
  id: number;
  accountId: number;
  name: string;
  description: string;
  /** The room the character is in, or returns to when puppeted; null when it is nowhere. */
  locationId: number | null;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface NewCharacter {
  accountId: number;
  name: string;
  description: string;
  locationId: number | null;
}

export interface CharacterRepository {
  /**
   * Inserts unless the account already has `maxPerAccount` characters (checked in the same
   * transaction as the insert, so simultaneous `charcreate`s cannot overshoot: throws
   * CharacterLimitError) or the name's nameKey is taken by any character (throws
   * CharacterNameTakenError). When both hold, the limit is reported.
   */
  createForAccount(input: NewCharacter & { maxPerAccount: number }): Promise<CharacterRecord>;
  findById(id: number): Promise<CharacterRecord | undefined>;
  /** Ordered by id, so oldest first. */
  findByAccount(accountId: number): Promise<CharacterRecord[]>;
  /** Case-insensitive via nameKey. */
  findByName(name: string): Promise<CharacterRecord | undefined>;
  countByAccount(accountId: number): Promise<number>;
  /** True if a row was deleted. */
  delete(id: number): Promise<boolean>;
  /** Throws CharacterNotFoundError for an unknown id. */
  setLocation(id: number, locationId: number | null): Promise<void>;
  /** Throws CharacterNotFoundError for an unknown id. */
  setDescription(id: number, description: string): Promise<void>;
}

/** A character with this name (compared case-insensitively) already exists, on any account. */
export class CharacterNameTakenError extends Error {
  override readonly name = 'CharacterNameTakenError';
  /** The same catalogue code as a taken account name; tests assert on it. */
  readonly code = ErrorCode.NameTaken;
  constructor(
    readonly characterName: string,
    options?: { cause: unknown },
  ) {
    super(`character name is taken: ${characterName}`, options);
  }
}

/** The account already has as many characters as it may (docs/sessions.md#mode-presets: MAX_NR_CHARACTERS). */
export class CharacterLimitError extends Error {
  override readonly name = 'CharacterLimitError';
  constructor(
    readonly accountId: number,
    readonly limit: number,
  ) {
    super(`account ${accountId} already has the maximum of ${limit} character(s)`);
  }
}

export class CharacterNotFoundError extends Error {
  override readonly name = 'CharacterNotFoundError';
  constructor(readonly characterId: number) {
    super(`no character with id ${characterId}`);
  }
}
