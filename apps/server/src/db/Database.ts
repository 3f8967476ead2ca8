/**
 * Opens the game database: SQLite through better-sqlite3, queried through kysely so that
 * PostgreSQL can be added later by swapping the dialect (see migrations.ts for the one place
 * the schema would branch). Migrations run on every open, so a fresh data directory and an
 * upgraded server both come up with the current schema.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations.js';
import type { DatabaseSchema } from './schema.js';

export interface Db {
  kysely: Kysely<DatabaseSchema>;
  /** Closes the connection. Safe to call more than once. */
  close(): Promise<void>;
}

export type OpenDatabaseOptions = { file: string } | { memory: true };

/** Thrown when the schema cannot be brought up to date; the server must not start on it. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migration: string | undefined,
    options: { cause: unknown },
  ) {
    super(`database migration ${migration ?? '(unknown)'} failed`, options);
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  let sqlite: SqliteDatabase.Database;
  if ('memory' in options) {
    sqlite = new SqliteDatabase(':memory:');
  } else {
    // better-sqlite3 creates the file but not its directory; a fresh MUD_DATA_DIR has neither.
    await mkdir(dirname(resolve(options.file)), { recursive: true });
    sqlite = new SqliteDatabase(options.file);
  }

  try {
    // First, so the pragmas below (switching to WAL takes a lock) wait for another connection
    // (a backup, an admin shell) instead of failing at once with SQLITE_BUSY.
    sqlite.pragma('busy_timeout = 5000');
    // WAL: readers never block the writer and vice versa, and a commit is one append to the
    // log rather than a rewrite of the journal. An in-memory database reports 'memory' here.
    sqlite.pragma('journal_mode = WAL');
    // FULL, not the usual WAL pairing NORMAL: with NORMAL the WAL is fsynced only at
    // checkpoints, so a transaction that reported success (a new account, a changed password)
    // can vanish after a power loss or OS crash; FULL fsyncs the WAL on every commit, so a
    // committed transaction survives kill -9 and power loss (https://sqlite.org/pragma.html
    // #pragma_synchronous). A MUD writes rarely enough that the extra fsync is not felt.
    sqlite.pragma('synchronous = FULL');
    // SQLite leaves foreign keys off by default, per connection; without this the
    // characters -> accounts cascade would silently not happen.
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }

  const kysely = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialect({ database: sqlite }),
  });
  try {
    await migrateToLatest(kysely);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }

  let closed = false;
  return {
    kysely,
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

async function migrateToLatest(kysely: Kysely<DatabaseSchema>): Promise<void> {
  // In-code provider rather than kysely's FileMigrationProvider: no directory scanning, and the
  // list is the same under tsx, vitest and a bundle.
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const { error, results } = await new Migrator({
    db: kysely,
    provider,
  }).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed, { cause: error });
  }
}
