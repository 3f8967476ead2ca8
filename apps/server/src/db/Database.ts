/**
 * Opens the game database, queried through kysely: SQLite through better-sqlite3 (one machine,
 * a file in the data directory), or PostgreSQL through a `pg.Pool` (`MUD_DATABASE_URL`,
 * docs/cluster.md#postgresql). The repositories and migrations are the same for both; the few
 * places the SQL must differ ask `isPostgres` (dialect.ts). Migrations run on every open, so a
 * fresh database and an upgraded server both come up with the current schema.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { migrations } from './migrations.js';
import { createPostgresPool } from './postgres.js';
import type { DatabaseSchema } from './schema.js';

export interface Db {
  kysely: Kysely<DatabaseSchema>;
  /** Closes the connection. Safe to call more than once. */
  close(): Promise<void>;
}

export type OpenDatabaseOptions =
  | { file: string }
  | { memory: true }
  | {
      /** `postgres://user[:password]@host[:port]/database` */
      url: string;
      /**
       * How long a statement waits for a connection while PostgreSQL is down or restarting
       * before it fails with DatabaseUnavailableError (default 5 s, docs/cluster.md#postgresql).
       */
      retryMs?: number;
      /** An idle connection failed (the server restarted or went away); logged, never thrown. */
      onConnectionError?: (error: Error) => void;
    };

/** Long enough for a `pg_ctl restart` or a fail-over, short enough that a player is not left hanging. */
export const DEFAULT_RETRY_MS = 5000;

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
  let kysely: Kysely<DatabaseSchema>;
  if ('url' in options) {
    const pool = createPostgresPool({
      url: options.url,
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
      onError: options.onConnectionError ?? (() => {}),
    });
    kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: await openSqlite(options) }) });
  }
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

async function openSqlite(options: { file: string } | { memory: true }): Promise<SqliteDatabase.Database> {
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
  return sqlite;
}

async function migrateToLatest(kysely: Kysely<DatabaseSchema>): Promise<void> {
  // In-code provider rather than kysely's FileMigrationProvider: no directory scanning, and the
  // list is the same under tsx, vitest and a bundle. Two servers starting at once are safe: on
  // PostgreSQL the Migrator holds an advisory lock (pg_advisory_lock) and runs the pending
  // migrations in one transaction, so the second waits and then finds nothing to do; SQLite's
  // write lock does the same for a file.
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
