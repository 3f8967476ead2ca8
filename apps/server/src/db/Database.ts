/**
 * Opens the game database, queried through kysely: SQLite through better-sqlite3 (one machine,
 * a file in the data directory), or PostgreSQL through a `pg.Pool` (`MUD_DATABASE_URL`,
 * docs/cluster.md#postgresql). The repositories and migrations are the same for both; the few
 * places the SQL must differ ask `isPostgres` (dialect.ts). Migrations run on every open, so a
 * fresh database and an upgraded server both come up with the current schema.
 *
 * SQLite's writes run in a worker thread that owns the writing connection and groups the writes
 * arriving during one commit into the next (sqliteWorkerDialect.ts, sqliteWorker.js): a commit's
 * fsync no longer stalls every player, and a write's promise still settles only once its COMMIT
 * is on disk. Plain reads stay on the main thread, on a read-only connection
 * (docs/architecture.md#the-database). PostgreSQL needs none of this: pg is asynchronous and
 * PostgreSQL groups concurrent commits itself.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect } from 'kysely';
import { migrations } from './migrations.js';
import type { DatabaseSchema } from './schema.js';
import { SqliteWorkerDialect, type SqliteWriterStats } from './sqliteWorkerDialect.js';

export interface Db {
  kysely: Kysely<DatabaseSchema>;
  /** SQLite only: the writer thread's commit counters (for tests and the bench). */
  sqliteStats?: () => Promise<SqliteWriterStats>;
  /** Closes the connection. Safe to call more than once. */
  close(): Promise<void>;
}

/** SQLite's writer thread failed: its waiting statements got DatabaseUnavailableError. Log it. */
type OnWriterError = { onWriterError?: (error: Error) => void };

export type OpenDatabaseOptions =
  | ({ file: string } & OnWriterError)
  | ({ memory: true } & OnWriterError)
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
  let sqliteStats: Db['sqliteStats'];
  if ('url' in options) {
    // pg is loaded only for PostgreSQL: one machine never needs it in memory.
    const { createPostgresPool } = await import('./postgres.js');
    const pool = createPostgresPool({
      url: options.url,
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
      onError: options.onConnectionError ?? (() => {}),
    });
    kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  } else {
    let file = ':memory:';
    if ('file' in options) {
      // better-sqlite3 creates the file but not its directory; a fresh MUD_DATA_DIR has neither.
      await mkdir(dirname(resolve(options.file)), { recursive: true });
      file = options.file;
    }
    // The pragmas (WAL, synchronous = FULL, foreign keys, busy timeout) are the writer thread's
    // to set: sqliteWorker.js says why each.
    const dialect = new SqliteWorkerDialect({
      file,
      ...(options.onWriterError ? { onError: options.onWriterError } : {}),
    });
    kysely = new Kysely<DatabaseSchema>({ dialect });
    sqliteStats = () => dialect.stats();
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
    ...(sqliteStats ? { sqliteStats } : {}),
    /** On SQLite this drains: every write sent before it is committed first. */
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

async function migrateToLatest(kysely: Kysely<DatabaseSchema>): Promise<void> {
  // In-code provider rather than kysely's FileMigrationProvider: no directory scanning, and the
  // list is the same under tsx, vitest and a bundle. Two servers starting at once are safe: on
  // PostgreSQL the Migrator holds an advisory lock (pg_advisory_lock) and runs the pending
  // migrations in one transaction, so the second waits and then finds nothing to do; on SQLite
  // they run in one BEGIN IMMEDIATE transaction on the writer thread (sqliteWorkerDialect.ts),
  // whose write lock does the same for a file.
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
