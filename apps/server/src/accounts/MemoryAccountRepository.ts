/**
 * Accounts in a Map: the default repository for unit tests that do not need SQLite. It keeps
 * the SQL repository's contract (case-insensitive unique names that no look-alike may twin,
 * never-reused ids, copies out so callers cannot mutate stored state); SqlAccountRepository.test.ts
 * runs both against the same cases.
 */
import {
  type Account,
  AccountNotFoundError,
  type AccountRepository,
  NameTakenError,
  type NewAccount,
  type NewAccountFirstIsSuperuser,
} from './AccountRepository.js';
import { nameSkeleton } from './skeleton.js';
import { nameKey } from './validators.js';

/** A copy out, its permissions too: callers cannot change what is stored. */
const copy = (account: Account): Account => ({ ...account, permissions: [...account.permissions] });

interface StoredAccount {
  account: Account;
  passwordHash: string;
}

export class MemoryAccountRepository implements AccountRepository {
  readonly #byId = new Map<number, StoredAccount>();
  readonly #idByKey = new Map<string, number>();
  /** The skeletons taken, as the SQL repository's UNIQUE `name_skeleton` column. */
  readonly #skeletons = new Set<string>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async create(input: NewAccount): Promise<Account> {
    return this.#insert(input.name, input.passwordHash, input.isSuperuser);
  }

  async createAccountAtomically(input: NewAccountFirstIsSuperuser): Promise<Account> {
    // Atomic for free: the check and the insert run in one synchronous stretch, with no await
    // in between for another creation to slip into.
    const isSuperuser = input.superuserIfFirst && this.#byId.size === 0;
    return this.#insert(input.name, input.passwordHash, isSuperuser);
  }

  async findByName(name: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const id = this.#idByKey.get(nameKey(name));
    const stored = id === undefined ? undefined : this.#byId.get(id);
    return (
      stored && {
        account: copy(stored.account),
        passwordHash: stored.passwordHash,
      }
    );
  }

  async findById(id: number): Promise<Account | undefined> {
    const stored = this.#byId.get(id);
    return stored && copy(stored.account);
  }

  async count(): Promise<number> {
    return this.#byId.size;
  }

  async setPasswordHash(id: number, hash: string): Promise<void> {
    this.#get(id).passwordHash = hash;
  }

  async touchLogin(id: number, at: number): Promise<void> {
    this.#get(id).account.lastLoginAt = at;
  }

  async setLastPuppet(accountId: number, characterId: number | null): Promise<void> {
    // No characters here to check the id against or to clear it on their deletion: callers
    // must cope with a last puppet that no longer exists (the SQL repository nulls it).
    this.#get(accountId).account.lastPuppetId = characterId;
  }

  async setPermission(accountId: number, permission: string, granted: boolean): Promise<boolean> {
    const account = this.#get(accountId).account;
    const has = account.permissions.includes(permission);
    if (has === granted) return false;
    account.permissions = granted
      ? [...account.permissions, permission].sort()
      : account.permissions.filter((p) => p !== permission);
    return true;
  }

  #insert(name: string, passwordHash: string, isSuperuser: boolean): Account {
    const key = nameKey(name);
    const skeleton = nameSkeleton(name);
    if (this.#idByKey.has(key) || this.#skeletons.has(skeleton)) throw new NameTakenError(name);
    const account: Account = {
      id: this.#nextId++,
      name,
      isSuperuser,
      createdAt: this.#now(),
      lastLoginAt: null,
      lastPuppetId: null,
      permissions: [],
    };
    this.#byId.set(account.id, { account, passwordHash });
    this.#idByKey.set(key, account.id);
    this.#skeletons.add(skeleton);
    return copy(account);
  }

  #get(id: number): StoredAccount {
    const stored = this.#byId.get(id);
    if (!stored) throw new AccountNotFoundError(id);
    return stored;
  }
}
