/**
 * Characters in the SQL database, through kysely, on SQLite and PostgreSQL alike
 * (docs/cluster.md#postgresql). The engine-specific spots are marked: unique-violation
 * detection, and the lock PostgreSQL needs for the per-account limit race.
 */
import type { Kysely, Selectable } from 'kysely';
import { nameSkeleton } from '../accounts/skeleton.js';
import { nameKey } from '../accounts/validators.js';
import { isPostgres } from '../db/dialect.js';
import type { CharactersTable, DatabaseSchema } from '../db/schema.js';
import {
  CharacterLimitError,
  CharacterNameTakenError,
  CharacterNotFoundError,
  type CharacterRecord,
  type CharacterRepository,
  type NewCharacter,
} from './CharacterRepository.js';

export class SqlCharacterRepository implements CharacterRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #now: () => number;

  constructor(db: Kysely<DatabaseSchema>, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  async createForAccount(input: NewCharacter & { maxPerAccount: number }): Promise<CharacterRecord> {
    let row: Selectable<CharactersTable> | undefined;
    try {
      // One INSERT ... SELECT ... WHERE (the account's count) < max, which inserts no row when
      // the account is full. A single statement is its own transaction, and SQLite takes the
      // write lock when it starts, before the count is read, so no other writer (another
      // connection or process) can add a character in between. Deliberately not wrapped in an
      // explicit transaction on SQLite: a transaction holds the writer thread for its round trips
      // and commits alone, while a single statement joins the other writes' group commit
      // (db/sqliteWorkerDialect.ts).
      // PostgreSQL: under READ COMMITTED two such inserts could both count 4 of 5, so a
      // transaction first locks the owner's account row (`for update`); the next creation for
      // that account waits for the commit and its statement then counts this character.
      row = isPostgres(this.#db)
        ? await this.#db.transaction().execute(async (trx) => {
            await trx.selectFrom('accounts').select('id').where('id', '=', input.accountId).forUpdate().execute();
            return this.#insertIfRoom(trx, input);
          })
        : await this.#insertIfRoom(this.#db, input);
    } catch (error) {
      throw isNameUniqueViolation(error) ? new CharacterNameTakenError(input.name, { cause: error }) : error;
    }
    if (!row) throw new CharacterLimitError(input.accountId, input.maxPerAccount);
    return toCharacter(row);
  }

  #insertIfRoom(
    db: Kysely<DatabaseSchema>,
    input: NewCharacter & { maxPerAccount: number },
  ): Promise<Selectable<CharactersTable> | undefined> {
    return db
      .insertInto('characters')
      .columns(['account_id', 'name', 'name_key', 'name_skeleton', 'description', 'location_id', 'created_at'])
      .expression(
        // Cast: PostgreSQL types a bare parameter in a SELECT list as text, which an integer
        // column refuses; on SQLite the casts change nothing.
        db
          .selectNoFrom((eb) => [
            eb.cast(eb.val(input.accountId), 'integer').as('account_id'),
            eb.cast(eb.val(input.name), 'text').as('name'),
            eb.cast(eb.val(nameKey(input.name)), 'text').as('name_key'),
            eb.cast(eb.val(nameSkeleton(input.name)), 'text').as('name_skeleton'),
            eb.cast(eb.val(input.description), 'text').as('description'),
            eb.cast(eb.val(input.locationId), 'integer').as('location_id'),
            eb.cast(eb.val(this.#now()), 'bigint').as('created_at'),
          ])
          .where(
            (eb) =>
              eb
                .selectFrom('characters')
                .select((eb) => eb.fn.countAll().as('n'))
                .where('account_id', '=', input.accountId),
            '<',
            input.maxPerAccount,
          ),
      )
      .returningAll()
      .executeTakeFirst();
  }

  async findById(id: number): Promise<CharacterRecord | undefined> {
    const row = await this.#db.selectFrom('characters').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCharacter(row);
  }

  async findByAccount(accountId: number): Promise<CharacterRecord[]> {
    const rows = await this.#db
      .selectFrom('characters')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
    return rows.map(toCharacter);
  }

  async findByName(name: string): Promise<CharacterRecord | undefined> {
    const row = await this.#db
      .selectFrom('characters')
      .selectAll()
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst();
    return row && toCharacter(row);
  }

  async countByAccount(accountId: number): Promise<number> {
    const { n } = await this.#db
      .selectFrom('characters')
      .select((eb) => eb.fn.countAll<number | bigint | string>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    // SQLite gives a number; PostgreSQL's count(*) is a bigint the driver returns as a string.
    return Number(n);
  }

  async delete(id: number): Promise<boolean> {
    // `accounts.last_puppet_id` pointing here is set to null by its foreign key (0003).
    const result = await this.#db.deleteFrom('characters').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async setLocation(id: number, locationId: number | null): Promise<void> {
    const result = await this.#db
      .updateTable('characters')
      .set({ location_id: locationId })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CharacterNotFoundError(id);
  }

  async setDescription(id: number, description: string): Promise<void> {
    const result = await this.#db
      .updateTable('characters')
      .set({ description })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CharacterNotFoundError(id);
  }
}

function toCharacter(row: Selectable<CharactersTable>): CharacterRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    locationId: row.location_id,
    createdAt: row.created_at,
  };
}

/** The unique violation on `name_key` or `name_skeleton`: a look-alike is as taken as the name. */
function isNameUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  // better-sqlite3: code SQLITE_CONSTRAINT_UNIQUE, message "UNIQUE constraint failed:
  // characters.name_key" (or characters.name_skeleton). PostgreSQL (pg): SQLSTATE 23505 with a
  // `constraint` name.
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return /characters\.name_(key|skeleton)\b/.test(error.message);
  if (code === '23505') {
    return /characters.*name_(key|skeleton)/.test(String((error as { constraint?: unknown }).constraint));
  }
  return false;
}
