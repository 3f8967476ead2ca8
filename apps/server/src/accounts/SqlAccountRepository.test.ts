import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@mud/protocol';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/Database.js';
import { migrations } from '../db/migrations.js';
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

// The behaviour every AccountRepository must have, run against both implementations so the
// in-memory one unit tests rely on cannot drift from the real one.
describe.each([
  ['SqlAccountRepository', async () => new SqlAccountRepository((await openFile()).kysely, { now: clock })],
  ['MemoryAccountRepository', async () => new MemoryAccountRepository({ now: clock })],
] as const)('%s contract', (_name, make: () => Promise<AccountRepository>) => {
  let repo: AccountRepository;
  beforeEach(async () => {
    repo = await make();
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
