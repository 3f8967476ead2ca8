import { ErrorCode } from '@mud/protocol';
import { Migrator, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/Database.js';
import { migrations } from '../db/migrations.js';
import { ENGINES, type Engine, settledOrBlocked, useEngine } from '../testing/engines.js';
import { AccountNotFoundError, type AccountRepository, NameTakenError } from './AccountRepository.js';
import { MemoryAccountRepository } from './MemoryAccountRepository.js';
import { SqlAccountRepository } from './SqlAccountRepository.js';

const engines = { SQLite: useEngine('SQLite'), PostgreSQL: useEngine('PostgreSQL') };

const clock = () => 1_700_000_000_000;

interface Fixture {
  repo: AccountRepository;
  /** An id `setLastPuppet` accepts: a real character row for SQL (a foreign key), any for memory. */
  characterOf(accountId: number): Promise<number>;
}

async function sqlFixture(engine: Engine): Promise<Fixture> {
  const db = await engine.fresh();
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

// The behaviour every AccountRepository must have, run against both implementations (the SQL
// one on both engines) so the in-memory one unit tests rely on cannot drift from the real one.
describe.each([
  ['SqlAccountRepository on SQLite', () => sqlFixture(engines.SQLite)],
  ['SqlAccountRepository on PostgreSQL', () => sqlFixture(engines.PostgreSQL)],
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

describe.each(ENGINES)('openDatabase on %s', (name) => {
  const engine = engines[name];

  it('applies every migration and seeds Limbo', async () => {
    const db = await engine.open(await engine.place());
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await db.kysely.selectFrom('rooms').selectAll().execute()).toEqual([
      { id: 1, name: 'Limbo', description: 'The void between worlds. Nothing here yet.' },
    ]);
  });

  it('keeps data across close and reopen, and migrations are idempotent', async () => {
    const place = await engine.place();
    const first = await engine.open(place);
    const created = await new SqlAccountRepository(first.kysely).createAccountAtomically({
      name: 'Persistent',
      passwordHash: 'h',
      superuserIfFirst: true,
    });
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await engine.open(place);
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

  it('migrates once when two servers open a new database at the same moment', async () => {
    const place = await engine.place();
    const [a, b] = await Promise.all([engine.open(place), engine.open(place)]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(a.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await b.kysely.selectFrom('rooms').selectAll().execute()).toHaveLength(1);
    // Both work on the one schema.
    await new SqlAccountRepository(a.kysely).create({ name: 'Twin', passwordHash: 'h', isSuperuser: false });
    expect(await new SqlAccountRepository(b.kysely).count()).toBe(1);
  });

  it('deletes an account with its permissions', async () => {
    const db = await engine.fresh();
    const repo = new SqlAccountRepository(db.kysely);
    const a = await repo.create({ name: 'Judy', passwordHash: 'h', isSuperuser: false });
    await repo.setPermission(a.id, 'Admin', true);
    await db.kysely.deleteFrom('accounts').where('id', '=', a.id).execute();
    const left = await db.kysely.selectFrom('account_permissions').selectAll().execute();
    expect(left).toEqual([]);
  });

  it('cascades an account delete to its characters (foreign keys are enforced)', async () => {
    const db = await engine.fresh();
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
    ).rejects.toThrow(/FOREIGN KEY/i);
    await db.kysely.deleteFrom('accounts').where('id', '=', account.id).execute();
    expect(await db.kysely.selectFrom('characters').selectAll().execute()).toEqual([]);
  });

  it('refuses a last puppet that is not a character, and clears it when the character is deleted', async () => {
    const db = await engine.fresh();
    const repo = new SqlAccountRepository(db.kysely);
    const account = await repo.create({ name: 'Holly', passwordHash: 'h', isSuperuser: false });
    await expect(repo.setLastPuppet(account.id, 9999)).rejects.toThrow(/FOREIGN KEY/i);
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
    // deleted; the database must take that in its stride.
    const db = await engine.fresh();
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
    const place = await engine.place();
    const old = await engine.bare(place);
    const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0002_rooms_characters')).error).toBeUndefined();
    await old
      .insertInto('accounts')
      .values({ name: 'Veteran', name_key: 'veteran', password_hash: 'h', created_at: 0 })
      .execute();
    await old.destroy();

    const db = await engine.open(place);
    const repo = new SqlAccountRepository(db.kysely);
    expect((await repo.findByName('veteran'))?.account.lastPuppetId).toBeNull();
    await db.close();

    const down = await engine.bare(place);
    const reverted = await new Migrator({
      db: down,
      provider: { getMigrations: async () => migrations },
    }).migrateTo('0002_rooms_characters');
    expect(reverted.error).toBeUndefined();
    expect(await engine.columns(down, 'accounts')).not.toContain('last_puppet_id');
  });

  it('never reuses a deleted account id', async () => {
    const db = await engine.fresh();
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

  it('keeps epoch milliseconds of today exactly, as numbers', async () => {
    const db = await engine.fresh();
    const at = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
    const repo = new SqlAccountRepository(db.kysely, { now: () => at });
    const a = await repo.createAccountAtomically({ name: 'Timely', passwordHash: 'h', superuserIfFirst: false });
    await repo.touchLogin(a.id, at + 1);
    expect(await repo.findById(a.id)).toMatchObject({ createdAt: at, lastLoginAt: at + 1 });
  });
});

describe('openDatabase on a SQLite file', () => {
  it('turns WAL, full sync, foreign keys and the busy timeout on', async () => {
    const db = await engines.SQLite.open(await engines.SQLite.place());
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' order by name`.execute(db.kysely);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['accounts', 'characters', 'rooms', 'kysely_migration']),
    );
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
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

describe('SqlAccountRepository on PostgreSQL, against another transaction', () => {
  it('waits for a creation still in flight before deciding who is first', async () => {
    // Another server's creation of the first account, inserted but not yet committed: under
    // READ COMMITTED its row is invisible, so without the table lock this creation would also
    // find no account and be made superuser.
    const db = await engines.PostgreSQL.fresh();
    const repo = new SqlAccountRepository(db.kysely);
    await db.kysely.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await conn
        .insertInto('accounts')
        .values({ name: 'Early', name_key: 'early', password_hash: 'h', is_superuser: 1, created_at: 0 })
        .execute();
      const second = repo.createAccountAtomically({ name: 'Late', passwordHash: 'h', superuserIfFirst: true });
      expect(await settledOrBlocked(db.kysely, second)).toBe('blocked');
      await sql`commit`.execute(conn);
      expect((await second).isSuperuser).toBe(false);
    });
    const superusers = await db.kysely.selectFrom('accounts').select('name').where('is_superuser', '=', 1).execute();
    expect(superusers).toEqual([{ name: 'Early' }]);
  });
});
