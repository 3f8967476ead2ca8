import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ErrorCode } from '@mud/protocol';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/Database.js';
import { migrations } from '../db/migrations.js';
import type { DatabaseSchema } from '../db/schema.js';
import { AccountNotFoundError, type AccountRepository, NameTakenError } from './AccountRepository.js';
import { MemoryAccountRepository } from './MemoryAccountRepository.js';
import { SqlAccountRepository } from './SqlAccountRepository.js';

let dir: string;
let file: string;
const open: Db[] = [];

async function openFile(): Promise<Db> {
  const db = await openDatabase({ file });
  open.push(db);
  return db;
}

/** A bare connection, for driving the migrator by hand (openDatabase always goes to the latest). */
async function sqliteAt(path: string): Promise<SqliteDatabase.Database> {
  await mkdir(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mud-accounts-'));
  // A subdirectory that does not exist yet: openDatabase must create it.
  file = join(dir, 'data', 'game.sqlite');
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  await rm(dir, { recursive: true, force: true });
});

const clock = () => 1_700_000_000_000;

interface Fixture {
  repo: AccountRepository;
  /** An id `setLastPuppet` accepts: a real character row for SQL (a foreign key), any for memory. */
  characterOf(accountId: number): Promise<number>;
}

async function sqlFixture(): Promise<Fixture> {
  const db = await openFile();
  let n = 0;
  return {
    repo: new SqlAccountRepository(db.kysely, { now: clock }),
    async characterOf(accountId) {
      n += 1;
      const row = await db.kysely
        .insertInto('characters')
        .values({ account_id: accountId, name: `Char${n}`, name_key: `char${n}`, location_id: null, created_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}

async function memoryFixture(): Promise<Fixture> {
  let n = 100;
  return { repo: new MemoryAccountRepository({ now: clock }), characterOf: async () => ++n };
}

// The behaviour every AccountRepository must have, run against both implementations so the
// in-memory one unit tests rely on cannot drift from the real one.
describe.each([
  ['SqlAccountRepository', sqlFixture],
  ['MemoryAccountRepository', memoryFixture],
] as const)('%s contract', (_name, make: () => Promise<Fixture>) => {
  let repo: AccountRepository;
  let characterOf: Fixture['characterOf'];
  beforeEach(async () => {
    ({ repo, characterOf } = await make());
  });

  it('creates an account and finds it by name case-insensitively, and by id', async () => {
    const created = await repo.create({
      name: 'Bartholomew',
      passwordHash: 'h1',
      isSuperuser: false,
    });
    expect(created).toEqual({
      id: created.id,
      name: 'Bartholomew',
      isSuperuser: false,
      createdAt: clock(),
      lastLoginAt: null,
      lastPuppetId: null,
      permissions: [],
    });
    for (const spelling of ['Bartholomew', 'bartholomew', 'BARTHOLOMEW', 'Ｂａｒｔｈｏｌｏｍｅｗ']) {
      expect(await repo.findByName(spelling)).toEqual({
        account: created,
        passwordHash: 'h1',
      });
    }
    expect(await repo.findById(created.id)).toEqual(created);
    expect(await repo.findByName('nobody')).toBeUndefined();
    expect(await repo.findById(9999)).toBeUndefined();
  });

  it('throws NameTakenError for a name differing only in case', async () => {
    await repo.create({ name: 'Alice', passwordHash: 'h', isSuperuser: false });
    const attempt = repo.create({
      name: 'aLICE',
      passwordHash: 'h',
      isSuperuser: false,
    });
    await expect(attempt).rejects.toBeInstanceOf(NameTakenError);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.NameTaken });
    await expect(
      repo.createAccountAtomically({
        name: 'ALICE',
        passwordHash: 'h',
        superuserIfFirst: true,
      }),
    ).rejects.toBeInstanceOf(NameTakenError);
    expect(await repo.count()).toBe(1);
  });

  it('refuses a look-alike of an existing name (TR39 skeleton) with NameTakenError', async () => {
    await repo.create({ name: 'alice', passwordHash: 'h', isSuperuser: false });
    // Cyrillic а, Greek Α, a digit 1 for l, a zero-width space: each displays as `alice`.
    for (const twin of ['\u0430lice', '\u0391lice', 'a1ice', 'al\u200bice']) {
      const attempt = repo.create({ name: twin, passwordHash: 'h', isSuperuser: false });
      await expect(attempt).rejects.toBeInstanceOf(NameTakenError);
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.NameTaken });
    }
    await expect(
      repo.createAccountAtomically({ name: '\u0430lice', passwordHash: 'h', superuserIfFirst: true }),
    ).rejects.toMatchObject({ code: ErrorCode.NameTaken });
    // Login looks a name up by nameKey, so a look-alike finds nobody rather than alice.
    expect(await repo.findByName('\u0430lice')).toBeUndefined();
    // A name that only shares letters is still free.
    await repo.create({ name: 'alina', passwordHash: 'h', isSuperuser: false });
    expect(await repo.count()).toBe(2);
  });

  it('lets exactly one of many simultaneous look-alike creations win', async () => {
    const twins = ['bob', 'b\u043eb', 'B0B', '\u0412\u041e\u0412', 'ｂｏｂ'];
    const results = await Promise.allSettled(
      twins.map((name) => repo.createAccountAtomically({ name, passwordHash: 'h', superuserIfFirst: false })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(NameTakenError);
    expect(await repo.count()).toBe(1);
  });

  it('makes the first account superuser, and only the first', async () => {
    const first = await repo.createAccountAtomically({
      name: 'First',
      passwordHash: 'h',
      superuserIfFirst: true,
    });
    const second = await repo.createAccountAtomically({
      name: 'Second',
      passwordHash: 'h',
      superuserIfFirst: true,
    });
    expect(first.isSuperuser).toBe(true);
    expect(second.isSuperuser).toBe(false);
    expect((await repo.findById(first.id))?.isSuperuser).toBe(true);
    expect((await repo.findById(second.id))?.isSuperuser).toBe(false);
  });

  it('gives superuser to nobody when superuserIfFirst is false', async () => {
    const first = await repo.createAccountAtomically({
      name: 'First',
      passwordHash: 'h',
      superuserIfFirst: false,
    });
    expect(first.isSuperuser).toBe(false);
  });

  it('lets exactly one of many simultaneous first creations be superuser', async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.createAccountAtomically({
          name: `Racer${i}`,
          passwordHash: 'h',
          superuserIfFirst: true,
        }),
      ),
    );
    expect(created.filter((a) => a.isSuperuser)).toHaveLength(1);
    expect(await repo.count()).toBe(8);
  });

  it('counts, changes the password hash and records logins', async () => {
    expect(await repo.count()).toBe(0);
    const a = await repo.create({
      name: 'Carol',
      passwordHash: 'old',
      isSuperuser: false,
    });
    await repo.create({ name: 'Dave', passwordHash: 'h', isSuperuser: true });
    expect(await repo.count()).toBe(2);

    await repo.setPasswordHash(a.id, 'new');
    await repo.touchLogin(a.id, 1_800_000_000_000);
    expect(await repo.findByName('carol')).toEqual({
      account: { ...a, lastLoginAt: 1_800_000_000_000 },
      passwordHash: 'new',
    });
    await expect(repo.setPasswordHash(9999, 'x')).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(repo.touchLogin(9999, 1)).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('remembers and forgets the last puppet', async () => {
    const a = await repo.create({ name: 'Frank', passwordHash: 'h', isSuperuser: false });
    const other = await repo.create({ name: 'Grace', passwordHash: 'h', isSuperuser: false });
    const first = await characterOf(a.id);
    const second = await characterOf(a.id);

    await repo.setLastPuppet(a.id, first);
    expect((await repo.findById(a.id))?.lastPuppetId).toBe(first);
    expect((await repo.findByName('frank'))?.account.lastPuppetId).toBe(first);
    await repo.setLastPuppet(a.id, second);
    expect((await repo.findById(a.id))?.lastPuppetId).toBe(second);
    expect((await repo.findById(other.id))?.lastPuppetId).toBeNull();
    await repo.setLastPuppet(a.id, null);
    expect((await repo.findById(a.id))?.lastPuppetId).toBeNull();

    await expect(repo.setLastPuppet(9999, null)).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(repo.setLastPuppet(9999, first)).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('grants and revokes permissions, each once, kept with the account (issue 16)', async () => {
    const a = await repo.create({ name: 'Heidi', passwordHash: 'h', isSuperuser: false });
    const other = await repo.create({ name: 'Ivan', passwordHash: 'h', isSuperuser: false });
    expect(a.permissions).toEqual([]);
    expect(await repo.setPermission(a.id, 'Admin', true)).toBe(true);
    expect(await repo.setPermission(a.id, 'Admin', true)).toBe(false);
    expect((await repo.findById(a.id))?.permissions).toEqual(['Admin']);
    expect((await repo.findByName('HEIDI'))?.account.permissions).toEqual(['Admin']);
    expect((await repo.findById(other.id))?.permissions).toEqual([]);
    expect(await repo.setPermission(a.id, 'Admin', false)).toBe(true);
    expect(await repo.setPermission(a.id, 'Admin', false)).toBe(false);
    expect((await repo.findById(a.id))?.permissions).toEqual([]);
    await expect(repo.setPermission(9999, 'Admin', true)).rejects.toBeInstanceOf(AccountNotFoundError);
    // A copy out: changing it changes nothing stored.
    await repo.setPermission(a.id, 'Admin', true);
    const found = await repo.findById(a.id);
    found?.permissions.push('Builder');
    expect((await repo.findById(a.id))?.permissions).toEqual(['Admin']);
  });

  it('hands out copies, so mutating a result does not change the store', async () => {
    const a = await repo.create({
      name: 'Erin',
      passwordHash: 'h',
      isSuperuser: false,
    });
    a.isSuperuser = true;
    expect((await repo.findById(a.id))?.isSuperuser).toBe(false);
  });
});

describe('openDatabase on a file', () => {
  it('creates the directory, applies migrations, turns WAL and foreign keys on, seeds Limbo', async () => {
    const db = await openFile();
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' order by name`.execute(db.kysely);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['accounts', 'characters', 'rooms', 'kysely_migration']),
    );
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(db.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());

    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);

    const rooms = await db.kysely.selectFrom('rooms').selectAll().execute();
    expect(rooms).toEqual([
      {
        id: 1,
        name: 'Limbo',
        description: 'The void between worlds. Nothing here yet.',
      },
    ]);
  });

  it('keeps data across close and reopen, and migrations are idempotent', async () => {
    const first = await openFile();
    const created = await new SqlAccountRepository(first.kysely).createAccountAtomically({
      name: 'Persistent',
      passwordHash: 'h',
      superuserIfFirst: true,
    });
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await openFile();
    const repo = new SqlAccountRepository(second.kysely);
    expect(await repo.findByName('persistent')).toEqual({
      account: created,
      passwordHash: 'h',
    });
    expect(await repo.count()).toBe(1);
    // Reopening re-ran no migration: still one row each, still one Limbo.
    const applied = await sql`select name from kysely_migration`.execute(second.kysely);
    expect(applied.rows).toHaveLength(Object.keys(migrations).length);
    expect(await second.kysely.selectFrom('rooms').selectAll().execute()).toHaveLength(1);
    // A later first-creation on a non-empty database is not superuser.
    const later = await repo.createAccountAtomically({
      name: 'Later',
      passwordHash: 'h',
      superuserIfFirst: true,
    });
    expect(later.isSuperuser).toBe(false);
  });

  it('deletes an account with its permissions', async () => {
    const db = await openFile();
    const repo = new SqlAccountRepository(db.kysely, { now: clock });
    const a = await repo.create({ name: 'Judy', passwordHash: 'h', isSuperuser: false });
    await repo.setPermission(a.id, 'Admin', true);
    await db.kysely.deleteFrom('accounts').where('id', '=', a.id).execute();
    const left = await db.kysely.selectFrom('account_permissions').selectAll().execute();
    expect(left).toEqual([]);
  });

  it('cascades an account delete to its characters (foreign keys are enforced)', async () => {
    const db = await openFile();
    const account = await new SqlAccountRepository(db.kysely).create({
      name: 'Owner',
      passwordHash: 'h',
      isSuperuser: false,
    });
    await db.kysely
      .insertInto('characters')
      .values({
        account_id: account.id,
        name: 'Hero',
        name_key: 'hero',
        location_id: 1,
        created_at: 0,
      })
      .execute();
    await expect(
      db.kysely
        .insertInto('characters')
        .values({
          account_id: 9999,
          name: 'Orphan',
          name_key: 'orphan',
          location_id: null,
          created_at: 0,
        })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await db.kysely.deleteFrom('accounts').where('id', '=', account.id).execute();
    expect(await db.kysely.selectFrom('characters').selectAll().execute()).toEqual([]);
  });

  it('refuses a last puppet that is not a character, and clears it when the character is deleted', async () => {
    const db = await openFile();
    const repo = new SqlAccountRepository(db.kysely);
    const account = await repo.create({ name: 'Holly', passwordHash: 'h', isSuperuser: false });
    await expect(repo.setLastPuppet(account.id, 9999)).rejects.toThrow(/FOREIGN KEY/);
    const { id } = await db.kysely
      .insertInto('characters')
      .values({ account_id: account.id, name: 'Holly', name_key: 'holly', location_id: 1, created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.setLastPuppet(account.id, id);
    await db.kysely.deleteFrom('characters').where('id', '=', id).execute();
    expect((await repo.findById(account.id))?.lastPuppetId).toBeNull();
  });

  it('deletes an account whose last puppet is one of its own characters', async () => {
    // The delete cascades to the character, whose deletion then sets null on the very row being
    // deleted; SQLite must take that in its stride.
    const db = await openFile();
    const repo = new SqlAccountRepository(db.kysely);
    const account = await repo.create({ name: 'Ivan', passwordHash: 'h', isSuperuser: false });
    const { id } = await db.kysely
      .insertInto('characters')
      .values({ account_id: account.id, name: 'Ivan', name_key: 'ivan', location_id: 1, created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.setLastPuppet(account.id, id);
    await db.kysely.deleteFrom('accounts').where('id', '=', account.id).execute();
    expect(await repo.findById(account.id)).toBeUndefined();
    expect(await db.kysely.selectFrom('characters').selectAll().execute()).toEqual([]);
  });

  it('upgrades a database made before 0003: existing accounts get no last puppet; 0003 reverts', async () => {
    const old = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: await sqliteAt(file) }) });
    const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0002_rooms_characters')).error).toBeUndefined();
    await old
      .insertInto('accounts')
      .values({ name: 'Veteran', name_key: 'veteran', password_hash: 'h', created_at: 0 })
      .execute();
    await old.destroy();

    const db = await openFile();
    const repo = new SqlAccountRepository(db.kysely);
    expect((await repo.findByName('veteran'))?.account.lastPuppetId).toBeNull();
    await db.close();

    const down = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: await sqliteAt(file) }) });
    const reverted = await new Migrator({
      db: down,
      provider: { getMigrations: async () => migrations },
    }).migrateTo('0002_rooms_characters');
    expect(reverted.error).toBeUndefined();
    const columns = await sql<{ name: string }>`select name from pragma_table_info('accounts')`.execute(down);
    expect(columns.rows.map((c) => c.name)).not.toContain('last_puppet_id');
    await down.destroy();
  });

  it('never reuses a deleted account id', async () => {
    const db = await openFile();
    const repo = new SqlAccountRepository(db.kysely);
    const a = await repo.create({
      name: 'Gone',
      passwordHash: 'h',
      isSuperuser: false,
    });
    await db.kysely.deleteFrom('accounts').where('id', '=', a.id).execute();
    const b = await repo.create({
      name: 'Next',
      passwordHash: 'h',
      isSuperuser: false,
    });
    expect(b.id).toBeGreaterThan(a.id);
  });
});

describe('openDatabase in memory', () => {
  it('migrates and works without touching the disk', async () => {
    const db = await openDatabase({ memory: true });
    try {
      const repo = new SqlAccountRepository(db.kysely);
      await repo.create({
        name: 'Ephemeral',
        passwordHash: 'h',
        isSuperuser: false,
      });
      expect(await repo.count()).toBe(1);
      expect(await db.kysely.selectFrom('rooms').select('name').execute()).toEqual([{ name: 'Limbo' }]);
    } finally {
      await db.close();
    }
  });
});
