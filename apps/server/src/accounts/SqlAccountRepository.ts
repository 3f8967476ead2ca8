/**
 * Accounts in the SQL database, through kysely, on SQLite and PostgreSQL alike
 * (docs/cluster.md#postgresql). The engine-specific spots are marked: unique-violation
 * detection, and the lock PostgreSQL needs for the first-account-is-superuser race.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { isPostgres } from '../db/dialect.js';
import type { AccountsTable, DatabaseSchema } from '../db/schema.js';
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

export class SqlAccountRepository implements AccountRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: () => number;

  constructor(db: Kysely<DatabaseSchema>, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  async create(input: NewAccount): Promise<Account> {
    try {
      const row = await this.#db
        .insertInto('accounts')
        .values({
          name: input.name,
          name_key: nameKey(input.name),
          name_skeleton: nameSkeleton(input.name),
          password_hash: input.passwordHash,
          is_superuser: input.isSuperuser ? 1 : 0,
          created_at: this.#now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row, []);
    } catch (error) {
      throw asNameTaken(error, input.name);
    }
  }

  async createAccountAtomically(input: NewAccountFirstIsSuperuser): Promise<Account> {
    try {
      // One INSERT ... SELECT whose SELECT decides is_superuser from "does any account exist".
      // SQLite takes the write lock when the statement starts, before the subquery reads, so
      // no other writer (another connection or process) can insert between the check and the
      // insert; a concurrent creator waits on busy_timeout and then sees this row. Within this
      // process the writer thread runs one statement at a time (db/sqliteWorkerDialect.ts), and
      // without an explicit transaction the statement joins the other writes' group commit.
      // PostgreSQL: under READ COMMITTED two such inserts could both see an empty table, so a
      // transaction first takes a lock on the table that conflicts with itself (and with any
      // insert), held to the commit; the next creator's statement starts after it and sees
      // this row. Account creation is rare; logins and reads are not blocked by this mode.
      const insert = (trx: Kysely<DatabaseSchema>) =>
        trx
          .insertInto('accounts')
          .columns(['name', 'name_key', 'name_skeleton', 'password_hash', 'is_superuser', 'created_at'])
          .expression(
            // Cast: PostgreSQL types a bare parameter in a SELECT list as text, which an integer
            // column refuses; on SQLite the casts change nothing.
            trx.selectNoFrom((eb) => [
              eb.cast(eb.val(input.name), 'text').as('name'),
              eb.cast(eb.val(nameKey(input.name)), 'text').as('name_key'),
              eb.cast(eb.val(nameSkeleton(input.name)), 'text').as('name_skeleton'),
              eb.cast(eb.val(input.passwordHash), 'text').as('password_hash'),
              eb
                .cast(
                  input.superuserIfFirst
                    ? eb
                        .case()
                        .when(eb.exists(eb.selectFrom('accounts').select('id')))
                        .then(0)
                        .else(1)
                        .end()
                    : eb.val(0),
                  'integer',
                )
                .as('is_superuser'),
              eb.cast(eb.val(this.#now()), 'bigint').as('created_at'),
            ]),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
      const row =
        isPostgres(this.#db) && input.superuserIfFirst
          ? await this.#db.transaction().execute(async (trx) => {
              await sql`lock table accounts in share row exclusive mode`.execute(trx);
              return insert(trx);
            })
          : await insert(this.#db);
      return toAccount(row, []);
    } catch (error) {
      throw asNameTaken(error, input.name);
    }
  }

  async findByName(name: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const row = await this.#db
      .selectFrom('accounts')
      .selectAll()
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst();
    return row && { account: toAccount(row, await this.#permissions(row.id)), passwordHash: row.password_hash };
  }

  async findById(id: number): Promise<Account | undefined> {
    const row = await this.#db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row, await this.#permissions(row.id));
  }

  async #permissions(accountId: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('account_permissions')
      .select('permission')
      .where('account_id', '=', accountId)
      .orderBy('permission')
      .execute();
    return rows.map((r) => r.permission);
  }

  async setPermission(accountId: number, permission: string, granted: boolean): Promise<boolean> {
    const exists = await this.#db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
    if (!exists) throw new AccountNotFoundError(accountId);
    if (!granted) {
      const result = await this.#db
        .deleteFrom('account_permissions')
        .where('account_id', '=', accountId)
        .where('permission', '=', permission)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    }
    // ON CONFLICT DO NOTHING: SQLite and PostgreSQL alike, so a grant racing another is no error.
    const result = await this.#db
      .insertInto('account_permissions')
      .values({ account_id: accountId, permission })
      .onConflict((oc) => oc.columns(['account_id', 'permission']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async count(): Promise<number> {
    const { n } = await this.#db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number | bigint | string>().as('n'))
      .executeTakeFirstOrThrow();
    // SQLite gives a number; PostgreSQL's count(*) is a bigint the driver returns as a string.
    return Number(n);
  }

  async setPasswordHash(id: number, hash: string): Promise<void> {
    const result = await this.#db
      .updateTable('accounts')
      .set({ password_hash: hash })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AccountNotFoundError(id);
  }

  async touchLogin(id: number, at: number): Promise<void> {
    const result = await this.#db
      .updateTable('accounts')
      .set({ last_login_at: at })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AccountNotFoundError(id);
  }

  async setLastPuppet(accountId: number, characterId: number | null): Promise<void> {
    const result = await this.#db
      .updateTable('accounts')
      .set({ last_puppet_id: characterId })
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AccountNotFoundError(accountId);
  }
}

function toAccount(row: Selectable<AccountsTable>, permissions: string[]): Account {
  return {
    permissions,
    id: row.id,
    name: row.name,
    isSuperuser: row.is_superuser !== 0,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    lastPuppetId: row.last_puppet_id,
  };
}

/**
 * Turns the unique violation on `name_key` or `name_skeleton` into NameTakenError (a look-alike
 * is refused exactly like the same name); anything else passes through.
 */
function asNameTaken(error: unknown, name: string): unknown {
  return isNameUniqueViolation(error) ? new NameTakenError(name, { cause: error }) : error;
}

function isNameUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  // better-sqlite3: code SQLITE_CONSTRAINT_UNIQUE, message "UNIQUE constraint failed:
  // accounts.name_key" (or accounts.name_skeleton). PostgreSQL (pg): SQLSTATE 23505 with a
  // `constraint` name.
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return /accounts\.name_(key|skeleton)\b/.test(error.message);
  if (code === '23505') return /name_(key|skeleton)/.test(String((error as { constraint?: unknown }).constraint));
  return false;
}
