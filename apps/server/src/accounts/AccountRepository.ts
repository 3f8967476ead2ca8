/**
 * Where accounts are kept. The game depends on this interface only; SqlAccountRepository is
 * the real one, MemoryAccountRepository the in-memory default for unit tests.
 *
 * Names passed in are already validated (validators.ts); repositories compare them by
 * `nameKey`, so lookups and the uniqueness rule are case-insensitive and NFKC-folded.
 */
import { ErrorCode } from '@mud/protocol';

export interface Account {
  id: number;
  name: string;
  isSuperuser: boolean;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; null until the first login. */
  lastLoginAt: number | null;
  /** The character last puppeted, for auto-puppet on login; null when none or it was deleted. */
  lastPuppetId: number | null;
  /** Granted permissions by canonical name (accounts/permissions.ts), sorted. */
  permissions: string[];
}

export interface NewAccount {
  name: string;
  passwordHash: string;
  isSuperuser: boolean;
}

export interface NewAccountFirstIsSuperuser {
  name: string;
  passwordHash: string;
  /** Make this account a superuser if, and only if, no account exists yet. */
  superuserIfFirst: boolean;
}

export interface AccountRepository {
  /** Throws NameTakenError when an account with the same `nameKey` exists. */
  create(input: NewAccount): Promise<Account>;
  /**
   * Like `create`, but decides `isSuperuser = superuserIfFirst && no account exists` in the
   * same transaction as the insert, so two simultaneous first creations cannot both become
   * superuser (docs/architecture.md#the-superuser: the first account on an empty database is the superuser).
   */
  createAccountAtomically(input: NewAccountFirstIsSuperuser): Promise<Account>;
  /** Case-insensitive. The hash is returned beside the account, never inside it. */
  findByName(name: string): Promise<{ account: Account; passwordHash: string } | undefined>;
  findById(id: number): Promise<Account | undefined>;
  count(): Promise<number>;
  /** Throws AccountNotFoundError for an unknown id, so a password change never silently fails. */
  setPasswordHash(id: number, hash: string): Promise<void>;
  /** Records a login at `at` (epoch ms). Throws AccountNotFoundError for an unknown id. */
  touchLogin(id: number, at: number): Promise<void>;
  /**
   * Remembers the character the account last puppeted (null forgets it). Throws
   * AccountNotFoundError for an unknown account. The SQL repository also refuses (with the
   * database's foreign-key error) a character id that does not exist, and clears the field when
   * that character is deleted; the memory one, which knows no characters, does neither.
   */
  setLastPuppet(accountId: number, characterId: number | null): Promise<void>;
  /**
   * Grants (`granted` true) or revokes a permission; false when it was already so. Throws
   * AccountNotFoundError for an unknown account.
   */
  setPermission(accountId: number, permission: string, granted: boolean): Promise<boolean>;
}

/** An account with this name (compared case-insensitively) already exists. */
export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';
  /** The catalogue code the `create` command sends; tests assert on it. */
  readonly code = ErrorCode.NameTaken;
  constructor(
    readonly accountName: string,
    options?: { cause: unknown },
  ) {
    super(`account name is taken: ${accountName}`, options);
  }
}

export class AccountNotFoundError extends Error {
  override readonly name = 'AccountNotFoundError';
  constructor(readonly accountId: number) {
    super(`no account with id ${accountId}`);
  }
}
