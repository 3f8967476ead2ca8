/**
 * Migrations run against a database made by an older version of the server: driven by hand with
 * kysely's Migrator up to an old point, filled with rows of that time, then opened (and so
 * migrated to the latest) by openDatabase as the server does at start.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NameTakenError } from '../accounts/AccountRepository.js';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { nameSkeleton } from '../accounts/skeleton.js';
import { CharacterNameTakenError } from '../objects/CharacterRepository.js';
import { SqlCharacterRepository } from '../objects/SqlCharacterRepository.js';
import { openDatabase } from './Database.js';
import { migrations } from './migrations.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mud-migrations-'));
  file = join(dir, 'game.sqlite');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: the old database has an older schema than DatabaseSchema.
function bare(): Kysely<any> {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('foreign_keys = ON');
  return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
}

const provider = { getMigrations: async () => migrations };

describe('0005_name_skeletons', () => {
  it('fills skeletons for existing names, keeps look-alikes made before it, and refuses new ones', async () => {
    const old = bare();
    expect((await new Migrator({ db: old, provider }).migrateTo('0003_last_puppet')).error).toBeUndefined();
    // Before 0005 only nameKey was unique, so these three twins of `alice` could all be made.
    const accounts = ['alice', '\u0430lice', 'Bob', 'a1ice'];
    for (const name of accounts) {
      await old
        .insertInto('accounts')
        .values({ name, name_key: name.normalize('NFKC').toLowerCase(), password_hash: 'h', created_at: 0 })
        .execute();
    }
    for (const name of ['Hero', 'H\u0435ro']) {
      await old
        .insertInto('characters')
        .values({ account_id: 1, name, name_key: name.toLowerCase(), location_id: 1, created_at: 0 })
        .execute();
    }
    await old.destroy();

    const db = await openDatabase({ file });
    try {
      const rows = await db.kysely
        .selectFrom('accounts')
        .select(['id', 'name', 'name_skeleton'])
        .orderBy('id')
        .execute();
      // Every account stays; the oldest keeps the plain skeleton, later twins get `#<id>`.
      expect(rows).toEqual([
        { id: 1, name: 'alice', name_skeleton: 'alice' },
        { id: 2, name: '\u0430lice', name_skeleton: 'alice#2' },
        { id: 3, name: 'Bob', name_skeleton: nameSkeleton('Bob') },
        { id: 4, name: 'a1ice', name_skeleton: 'alice#4' },
      ]);
      const characters = await db.kysely.selectFrom('characters').select(['name', 'name_skeleton']).execute();
      expect(characters).toEqual([
        { name: 'Hero', name_skeleton: 'hero' },
        { name: 'H\u0435ro', name_skeleton: 'hero#2' },
      ]);

      // The grandfathered twins still log in by their own name.
      const repo = new SqlAccountRepository(db.kysely);
      expect((await repo.findByName('\u0430lice'))?.account.id).toBe(2);
      // New look-alikes of any of them are refused, of the kept one and of the twins alike.
      await expect(repo.create({ name: '\u0251lice', passwordHash: 'h', isSuperuser: false })).rejects.toBeInstanceOf(
        NameTakenError,
      );
      await expect(repo.create({ name: 'B\u043eb', passwordHash: 'h', isSuperuser: false })).rejects.toBeInstanceOf(
        NameTakenError,
      );
      const characterRepo = new SqlCharacterRepository(db.kysely);
      await expect(
        characterRepo.createForAccount({
          accountId: 3,
          name: 'HER0',
          description: '',
          locationId: 1,
          maxPerAccount: 5,
        }),
      ).rejects.toBeInstanceOf(CharacterNameTakenError);
    } finally {
      await db.close();
    }
  });

  it('reverts: the column and its index go, the names stay', async () => {
    const db = await openDatabase({ file });
    await new SqlAccountRepository(db.kysely).create({ name: 'Keeper', passwordHash: 'h', isSuperuser: false });
    await db.close();

    const down = bare();
    try {
      expect((await new Migrator({ db: down, provider }).migrateTo('0003_last_puppet')).error).toBeUndefined();
      for (const table of ['accounts', 'characters']) {
        const columns = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(down);
        expect(columns.rows.map((c) => c.name)).not.toContain('name_skeleton');
      }
      const names = await down.selectFrom('accounts').select('name').execute();
      expect(names).toEqual([{ name: 'Keeper' }]);
    } finally {
      await down.destroy();
    }
  });
});
