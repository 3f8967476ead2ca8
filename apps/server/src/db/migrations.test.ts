/**
 * Migrations run against a database made by an older version of the server: driven by hand with
 * kysely's Migrator up to an old point, filled with rows of that time, then opened (and so
 * migrated to the latest) by openDatabase as the server does at start. On both engines
 * (docs/cluster.md#postgresql); and SQLite's schema pinned, since databases in the field
 * applied these migrations and the PostgreSQL branches must not change what SQLite gets.
 */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { NameTakenError } from '../accounts/AccountRepository.js';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { nameSkeleton } from '../accounts/skeleton.js';
import { CharacterNameTakenError } from '../objects/CharacterRepository.js';
import { SqlCharacterRepository } from '../objects/SqlCharacterRepository.js';
import { ENGINES, useEngine } from '../testing/engines.js';
import { migrations } from './migrations.js';

const engines = { SQLite: useEngine('SQLite'), PostgreSQL: useEngine('PostgreSQL') };

const provider = { getMigrations: async () => migrations };

describe('the schema on SQLite', () => {
  it('is what the migrations always made: autoincrement ids, integer times', async () => {
    const db = await engines.SQLite.fresh();
    const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'table' and name in ('accounts', 'characters', 'rooms', 'throttle_events') order by name`.execute(
      db.kysely,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.sql]))).toEqual({
      accounts:
        'CREATE TABLE "accounts" ("id" integer primary key autoincrement, "name" text not null, "name_key" text not null unique, "password_hash" text not null, "is_superuser" integer default 0 not null, "created_at" integer not null, "last_login_at" integer, "last_puppet_id" integer references "characters" ("id") on delete set null, "name_skeleton" text)',
      characters:
        'CREATE TABLE "characters" ("id" integer primary key autoincrement, "account_id" integer not null references "accounts" ("id") on delete cascade, "name" text not null, "name_key" text not null unique, "description" text default \'\' not null, "location_id" integer references "rooms" ("id") on delete set null, "created_at" integer not null, "name_skeleton" text)',
      rooms:
        'CREATE TABLE "rooms" ("id" integer primary key autoincrement, "name" text not null, "description" text default \'\' not null)',
      throttle_events:
        'CREATE TABLE "throttle_events" ("bucket" text not null, "key" text not null, "at" bigint not null)',
    });
  });
});

describe('the schema on PostgreSQL', () => {
  it('has identity ids and bigint times', async () => {
    const db = await engines.PostgreSQL.fresh();
    const { rows } = await sql<{ column: string; type: string; identity: string }>`
      select table_name || '.' || column_name as column, data_type as type, is_identity as identity
      from information_schema.columns
      where table_schema = current_schema() and column_name in ('id', 'created_at', 'last_login_at', 'at')
        and table_name in ('accounts', 'characters', 'rooms', 'throttle_events')
      order by 1`.execute(db.kysely);
    expect(rows).toEqual([
      { column: 'accounts.created_at', type: 'bigint', identity: 'NO' },
      { column: 'accounts.id', type: 'integer', identity: 'YES' },
      { column: 'accounts.last_login_at', type: 'bigint', identity: 'NO' },
      { column: 'characters.created_at', type: 'bigint', identity: 'NO' },
      { column: 'characters.id', type: 'integer', identity: 'YES' },
      { column: 'rooms.id', type: 'integer', identity: 'YES' },
      { column: 'throttle_events.at', type: 'bigint', identity: 'NO' },
    ]);
  });
});

describe.each(ENGINES)('0005_name_skeletons on %s', (name) => {
  const engine = engines[name];

  it('fills skeletons for existing names, keeps look-alikes made before it, and refuses new ones', async () => {
    const place = await engine.place();
    const old = await engine.bare(place);
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

    const db = await engine.open(place);
    {
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
    }
  });

  it('reverts: the column and its index go, the names stay', async () => {
    const place = await engine.place();
    const db = await engine.open(place);
    await new SqlAccountRepository(db.kysely).create({ name: 'Keeper', passwordHash: 'h', isSuperuser: false });
    await db.close();

    const down = await engine.bare(place);
    expect((await new Migrator({ db: down, provider }).migrateTo('0003_last_puppet')).error).toBeUndefined();
    for (const table of ['accounts', 'characters']) {
      expect(await engine.columns(down, table)).not.toContain('name_skeleton');
    }
    const names = await down.selectFrom('accounts').select('name').execute();
    expect(names).toEqual([{ name: 'Keeper' }]);
  });
});
