/**
 * The two database engines the repository tests run on (docs/cluster.md#postgresql): a SQLite
 * file and a PostgreSQL database (testDatabase: MUD_TEST_PG_URL, the local server or a private
 * one). For this project's own tests, so not exported from `@mud/server/testing`.
 *
 * `useEngine` registers the file's hooks: databases opened in a test are closed after it, and
 * the file's PostgreSQL databases are dropped after the file. `fresh()` is cheap on both: a new
 * file on SQLite; on PostgreSQL one migrated database per file, emptied for each test.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Db, type OpenDatabaseOptions, openDatabase } from '../db/Database.js';
import { type TestDatabase, testDatabase } from './PostgresServer.js';

export const ENGINES = ['SQLite', 'PostgreSQL'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Where a database lives: what openDatabase takes. */
export type Place = { file: string } | { url: string };

export interface Engine {
  readonly name: EngineName;
  /** A migrated database holding nothing but Limbo. */
  fresh(): Promise<Db>;
  /** A new, empty place, no schema yet: a file path, or a new PostgreSQL database. */
  place(): Promise<Place>;
  /** openDatabase on `place` (migrating it), closed after the test. */
  open(place: Place, options?: { retryMs?: number }): Promise<Db>;
  /**
   * A kysely on `place` that runs no migrations, to drive the Migrator by hand as an older
   * server would have; destroyed after the test.
   */
  // biome-ignore lint/suspicious/noExplicitAny: an older schema than DatabaseSchema.
  bare(place: Place): Promise<Kysely<any>>;
  /** The names of a table's columns (SQLite's pragma_table_info, PostgreSQL's information_schema). */
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  columns(db: Kysely<any>, table: string): Promise<string[]>;
}

export function useEngine(name: EngineName): Engine {
  const closing: Array<() => Promise<void>> = [];
  const databases: TestDatabase[] = [];
  let dir: string | undefined;
  let files = 0;
  let shared: Place | undefined;

  beforeAll(async () => {
    if (name === 'SQLite') dir = await mkdtemp(join(tmpdir(), 'mud-db-'));
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    for (const database of databases.splice(0)) await database.drop();
  });

  const engine: Engine = {
    name,
    async place() {
      if (name === 'SQLite') {
        files += 1;
        // A subdirectory that does not exist yet: openDatabase must create it.
        return { file: join(dir as string, String(files), 'game.sqlite3') };
      }
      const database = await testDatabase();
      databases.push(database);
      return { url: database.url };
    },
    async open(place, options = {}) {
      const db = await openDatabase({ ...place, ...options } as OpenDatabaseOptions);
      closing.push(() => db.close());
      return db;
    },
    async fresh() {
      if (name === 'SQLite') return engine.open(await engine.place());
      shared ??= await engine.place();
      const db = await engine.open(shared);
      // Everything a test may have written, ids included; Limbo (room 1) stays.
      await sql`truncate accounts, characters, throttle_events restart identity cascade`.execute(db.kysely);
      await sql`delete from rooms where id <> 1`.execute(db.kysely);
      await sql`select setval(pg_get_serial_sequence('rooms', 'id'), 1)`.execute(db.kysely);
      return db;
    },
    async bare(place) {
      // biome-ignore lint/suspicious/noExplicitAny: an older schema than DatabaseSchema.
      let kysely: Kysely<any>;
      if ('file' in place) {
        await mkdir(dirname(place.file), { recursive: true });
        const sqlite = new SqliteDatabase(place.file);
        sqlite.pragma('foreign_keys = ON');
        kysely = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
      } else {
        kysely = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: place.url }) }) });
      }
      closing.push(() => kysely.destroy());
      return kysely;
    },
    async columns(db, table) {
      const rows =
        name === 'SQLite'
          ? await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
          : await sql<{ name: string }>`select column_name as name from information_schema.columns
              where table_schema = current_schema() and table_name = ${table}`.execute(db);
      return rows.rows.map((r) => r.name);
    },
  };
  return engine;
}

/**
 * Polls PostgreSQL until `pending` settles or a statement of `db`'s database waits for a lock
 * (pg_stat_activity), whichever comes first: how a test sees that a statement is held by a
 * transaction it keeps open, without timing anything.
 */
export async function settledOrBlocked(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  db: Kysely<any>,
  pending: Promise<unknown>,
): Promise<'settled' | 'blocked'> {
  let settled = false;
  pending.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (;;) {
    if (settled) return 'settled';
    const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (settled) return 'settled';
    if (Number(rows[0]?.n) > 0) return 'blocked';
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
