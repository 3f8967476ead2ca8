/**
 * The schema's history, as kysely migrations kept in code (not files on disk) so they ship
 * inside the bundle and run the same under tsx, vitest and a build. The Migrator runs them in
 * name order and records each in `kysely_migration`, so names are never renamed or reordered
 * and an applied migration is never edited: change the schema with a new, later migration.
 *
 * Migrations take `Kysely<any>` (kysely's own advice): they describe the database at their
 * point in history, which `DatabaseSchema` (today's shape) does not.
 *
 * Portability: the same migrations run on SQLite and PostgreSQL (docs/cluster.md#postgresql),
 * through kysely's schema builder. They branch on `isPostgres` only where the SQL must differ,
 * and the SQLite branch stays exactly what it always was (databases in the field applied it):
 * - ids: SQLite's `integer primary key autoincrement`; PostgreSQL has no AUTOINCREMENT and takes
 *   an identity column, which never reuses an id either (`id` below);
 * - epoch milliseconds: `integer` is 64-bit in SQLite but 32-bit in PostgreSQL (`epochMs`);
 * - a row inserted with an explicit id (Limbo) does not move PostgreSQL's identity sequence, so
 *   the sequence is moved past it (`syncIdentity`).
 */
import { type ColumnDataType, type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';
import { nameSkeleton } from '../accounts/skeleton.js';
import { isPostgres } from './dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was, not as it is.
type AnyDb = Kysely<any>;

export const LIMBO_ROOM_ID = 1;

/** An id column that never hands out a deleted row's id again, on either engine. */
function id(db: AnyDb): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isPostgres(db) ? (c) => c.primaryKey().generatedByDefaultAsIdentity() : (c) => c.primaryKey().autoIncrement();
}

/** The type of a column holding epoch milliseconds: SQLite's `integer` is already 64-bit. */
function epochMs(db: AnyDb): ColumnDataType {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** Moves PostgreSQL's identity sequence of `table.id` past the ids inserted by hand. */
async function syncIdentity(db: AnyDb, table: string): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
    db,
  );
}

export const migrations: Record<string, Migration> = {
  '0001_accounts': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('accounts')
        // AUTOINCREMENT so a deleted account's id is never handed to a new account: ids end up
        // in logs and audit trails, and a reused one would point at the wrong person.
        .addColumn('id', 'integer', id(db))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', epochMs(db), (c) => c.notNull())
        .addColumn('last_login_at', epochMs(db))
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('accounts').execute();
    },
  },

  '0002_rooms_characters': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('rooms')
        .addColumn('id', 'integer', id(db))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // Evennia's default start location; new characters are put here until a world exists.
      await db
        .insertInto('rooms')
        .values({
          id: LIMBO_ROOM_ID,
          name: 'Limbo',
          description: 'The void between worlds. Nothing here yet.',
        })
        .execute();
      await syncIdentity(db, 'rooms');

      await db.schema
        .createTable('characters')
        .addColumn('id', 'integer', id(db))
        // Deleting an account deletes its characters (Evennia deletes an account's characters
        // with it); this needs `foreign_keys = ON`, which Database.ts sets on every connection.
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        // A deleted room leaves its occupants nowhere rather than blocking the delete, as
        // Evennia's `db_location` (on_delete=SET_NULL) does.
        .addColumn('location_id', 'integer', (c) => c.references('rooms.id').onDelete('set null'))
        .addColumn('created_at', epochMs(db), (c) => c.notNull())
        .execute();
      // "List my characters" is the common query; without this it scans the table.
      await db.schema.createIndex('characters_account_id').on('characters').column('account_id').execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('characters').execute();
      await db.schema.dropTable('rooms').execute();
    },
  },

  '0003_last_puppet': {
    async up(db: AnyDb) {
      // The character an account last puppeted, so login can puppet it again (docs/sessions.md#multisession-modes, modes 0
      // and 1; Evennia's `account.db._last_puppet`). Deleting that character clears it rather
      // than blocking the delete. SQLite allows ADD COLUMN with a REFERENCES clause only when
      // the column's default is NULL, which it is here (https://sqlite.org/lang_altertable.html).
      await db.schema
        .alterTable('accounts')
        .addColumn('last_puppet_id', 'integer', (c) => c.references('characters.id').onDelete('set null'))
        .execute();
      // Deleting a character makes SQLite look up the accounts pointing at it to clear them;
      // without an index that is a scan of every account (https://sqlite.org/foreignkeys.html
      // #fk_indexes).
      await db.schema.createIndex('accounts_last_puppet_id').on('accounts').column('last_puppet_id').execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex('accounts_last_puppet_id').execute();
      await db.schema.alterTable('accounts').dropColumn('last_puppet_id').execute();
    },
  },

  '0004_throttles': {
    async up(db: AnyDb) {
      // The login, creation and password-change throttles' counted attempts, so a game server
      // restarted after a crash still refuses an address it throttled (issue 14, item 8).
      // `bigint` for epoch milliseconds: SQLite gives it integer affinity, and on PostgreSQL an
      // `integer` (32 bits) could not hold it.
      await db.schema
        .createTable('throttle_events')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      // Every query (load, prune, remove) picks a bucket and a range or point of `at`.
      await db.schema
        .createIndex('throttle_events_bucket_at')
        .on('throttle_events')
        .columns(['bucket', 'at'])
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('throttle_events').execute();
    },
  },

  '0005_name_skeletons': {
    async up(db: AnyDb) {
      // Names unique by their Unicode TR39 skeleton too, so `аlice` (Cyrillic а) cannot twin
      // `alice` (SECURITY.md gap 11; accounts/skeleton.ts). Unique in the database, not by a
      // check before the insert, so two simultaneous look-alike creations cannot both win.
      for (const table of ['accounts', 'characters'] as const) {
        // Nullable because SQLite adds a NOT NULL column only with a default, and one shared
        // default would trip the unique index; the repositories always fill it.
        await db.schema.alterTable(table).addColumn('name_skeleton', 'text').execute();
        await fillSkeletons(db, table);
        await db.schema.createIndex(`${table}_name_skeleton`).on(table).column('name_skeleton').unique().execute();
      }
    },
    async down(db: AnyDb) {
      for (const table of ['accounts', 'characters'] as const) {
        await db.schema.dropIndex(`${table}_name_skeleton`).execute();
        await db.schema.alterTable(table).dropColumn('name_skeleton').execute();
      }
    },
  },

  '0006_account_permissions': {
    async up(db: AnyDb) {
      // An account's permissions (Evennia's `account.permissions`, issue 16: `Admin`), one row
      // each, so granting and revoking are an insert and a delete that cannot lose a concurrent
      // change to another permission. They go with the account.
      await db.schema
        .createTable('account_permissions')
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('permission', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_permissions_pk', ['account_id', 'permission'])
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('account_permissions').execute();
    },
  },
};

/**
 * Fills `name_skeleton` for existing rows, oldest first. Rows whose names already twin an older
 * row's were legal when made; they are kept (grandfathered) with the skeleton suffixed `#<id>`,
 * which no name can produce (`#` is not allowed in names), so the unique index can be built and
 * still refuses any new look-alike of either.
 */
async function fillSkeletons(db: AnyDb, table: 'accounts' | 'characters'): Promise<void> {
  const rows: { id: number; name: string }[] = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  for (const { id, name } of rows) {
    let value = nameSkeleton(name);
    if (seen.has(value)) value = `${value}#${id}`;
    seen.add(value);
    await db.updateTable(table).set({ name_skeleton: value }).where('id', '=', id).execute();
  }
}
