import { ErrorCode } from '@mud/protocol';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountRepository } from '../accounts/AccountRepository.js';
import { MemoryAccountRepository } from '../accounts/MemoryAccountRepository.js';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { ENGINES, type Engine, settledOrBlocked, useEngine } from '../testing/engines.js';
import {
  CharacterLimitError,
  CharacterNameTakenError,
  CharacterNotFoundError,
  type CharacterRepository,
} from './CharacterRepository.js';
import { MemoryCharacterRepository } from './MemoryCharacterRepository.js';
import { LIMBO_ROOM_ID } from './RoomRepository.js';
import { SqlCharacterRepository } from './SqlCharacterRepository.js';

const engines = { SQLite: useEngine('SQLite'), PostgreSQL: useEngine('PostgreSQL') };

const clock = () => 1_700_000_000_000;

interface Fixture {
  characters: CharacterRepository;
  /** Characters need a real owner in SQL (a foreign key), so accounts come from the same store. */
  accounts: AccountRepository;
}

// The behaviour every CharacterRepository must have, run against both implementations (the SQL
// one on both engines) so the in-memory one unit tests rely on cannot drift from the real one.
async function sqlFixture(engine: Engine): Promise<Fixture> {
  const db = await engine.fresh();
  return {
    characters: new SqlCharacterRepository(db.kysely, { now: clock }),
    accounts: new SqlAccountRepository(db.kysely, { now: clock }),
  };
}

describe.each([
  ['SqlCharacterRepository on SQLite', () => sqlFixture(engines.SQLite)],
  ['SqlCharacterRepository on PostgreSQL', () => sqlFixture(engines.PostgreSQL)],
  [
    'MemoryCharacterRepository',
    async (): Promise<Fixture> => ({
      characters: new MemoryCharacterRepository({ now: clock }),
      accounts: new MemoryAccountRepository({ now: clock }),
    }),
  ],
] as const)('%s contract', (_name, make: () => Promise<Fixture>) => {
  let repo: CharacterRepository;
  let accounts: AccountRepository;
  beforeEach(async () => {
    ({ characters: repo, accounts } = await make());
  });

  const account = async (name: string) => (await accounts.create({ name, passwordHash: 'h', isSuperuser: false })).id;
  const character = (accountId: number, name: string, maxPerAccount = 5) =>
    repo.createForAccount({
      accountId,
      name,
      description: `${name} is here.`,
      locationId: LIMBO_ROOM_ID,
      maxPerAccount,
    });

  it('creates a character and finds it by id and by name case-insensitively', async () => {
    const owner = await account('Owner');
    const created = await character(owner, 'Bartholomew');
    expect(created).toEqual({
      id: created.id,
      accountId: owner,
      name: 'Bartholomew',
      description: 'Bartholomew is here.',
      locationId: LIMBO_ROOM_ID,
      createdAt: clock(),
    });
    for (const spelling of ['Bartholomew', 'bartholomew', 'BARTHOLOMEW', 'Ｂａｒｔｈｏｌｏｍｅｗ']) {
      expect(await repo.findByName(spelling)).toEqual(created);
    }
    expect(await repo.findById(created.id)).toEqual(created);
    expect(await repo.findByName('nobody')).toBeUndefined();
    expect(await repo.findById(9999)).toBeUndefined();
  });

  it('creates a character nowhere (null location)', async () => {
    const owner = await account('Owner');
    const created = await repo.createForAccount({
      accountId: owner,
      name: 'Ghost',
      description: '',
      locationId: null,
      maxPerAccount: 1,
    });
    expect((await repo.findById(created.id))?.locationId).toBeNull();
  });

  it('lets a character share its account name, but not another character name on any account', async () => {
    const alice = await account('Alice');
    const bob = await account('Bob');
    await character(alice, 'Alice');
    const attempt = character(bob, 'aLICE');
    await expect(attempt).rejects.toBeInstanceOf(CharacterNameTakenError);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.NameTaken, characterName: 'aLICE' });
    await expect(character(alice, 'ＡＬＩＣＥ')).rejects.toBeInstanceOf(CharacterNameTakenError);
    expect(await repo.countByAccount(alice)).toBe(1);
    expect(await repo.countByAccount(bob)).toBe(0);
    // Bob's account name is free as a character name: names are unique among characters only.
    expect((await character(alice, 'Bob')).name).toBe('Bob');
  });

  it('refuses a look-alike of another character name (TR39 skeleton), on any account', async () => {
    const alice = await account('Alice');
    const mallory = await account('Mallory');
    await character(alice, 'alice');
    // Cyrillic а, Greek Α with a fullwidth ｌ, a digit 1 for l: each displays as `alice`.
    for (const twin of ['\u0430lice', '\u0391\uff4cice', 'a1ice']) {
      const attempt = character(mallory, twin);
      await expect(attempt).rejects.toBeInstanceOf(CharacterNameTakenError);
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.NameTaken, characterName: twin });
    }
    expect(await repo.countByAccount(mallory)).toBe(0);
    // Lookups stay by nameKey: the look-alike finds no character.
    expect(await repo.findByName('\u0430lice')).toBeUndefined();
    expect((await character(mallory, 'alina')).name).toBe('alina');
  });

  it('frees a deleted character’s look-alikes with its name', async () => {
    const owner = await account('Owner');
    const gone = await character(owner, 'Gone');
    await expect(character(owner, 'G\u043ene')).rejects.toBeInstanceOf(CharacterNameTakenError);
    await repo.delete(gone.id);
    expect((await character(owner, 'G\u043ene')).name).toBe('G\u043ene');
  });

  it('enforces the per-account limit, per account', async () => {
    const one = await account('One');
    const other = await account('Other');
    await character(one, 'First', 2);
    await character(one, 'Second', 2);
    const attempt = character(one, 'Third', 2);
    await expect(attempt).rejects.toBeInstanceOf(CharacterLimitError);
    await expect(attempt).rejects.toMatchObject({ limit: 2, accountId: one });
    // The limit wins over a taken name: nothing would be inserted either way.
    await expect(character(one, 'First', 2)).rejects.toBeInstanceOf(CharacterLimitError);
    expect(await repo.findByName('Third')).toBeUndefined();
    expect(await repo.countByAccount(one)).toBe(2);
    // A higher limit, and another account, are unaffected.
    await character(one, 'Third', 3);
    await character(other, 'Fourth', 1);
    await expect(character(one, 'Zero', 0)).rejects.toBeInstanceOf(CharacterLimitError);
    expect(await repo.countByAccount(one)).toBe(3);
    expect(await repo.countByAccount(other)).toBe(1);
  });

  it('lets exactly maxPerAccount of many simultaneous creations succeed', async () => {
    const owner = await account('Racer');
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => character(owner, `Racer${i}`, 5)));
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(5);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(CharacterLimitError);
    expect(await repo.countByAccount(owner)).toBe(5);
  });

  it('lists an account’s characters in id order, and only its own', async () => {
    const a = await account('Anna');
    const b = await account('Bert');
    const c1 = await character(a, 'Zed');
    const other = await character(b, 'Yan');
    const c2 = await character(a, 'Abe');
    const c3 = await character(a, 'Mo');
    expect(await repo.findByAccount(a)).toEqual([c1, c2, c3]);
    expect(await repo.findByAccount(b)).toEqual([other]);
    expect(await repo.findByAccount(9999)).toEqual([]);
    expect(await repo.countByAccount(9999)).toBe(0);
  });

  it('deletes, freeing the name, and never reuses the id', async () => {
    const owner = await account('Owner');
    const gone = await character(owner, 'Gone', 1);
    expect(await repo.delete(gone.id)).toBe(true);
    expect(await repo.delete(gone.id)).toBe(false);
    expect(await repo.delete(9999)).toBe(false);
    expect(await repo.findById(gone.id)).toBeUndefined();
    expect(await repo.findByName('gone')).toBeUndefined();
    expect(await repo.countByAccount(owner)).toBe(0);
    // The slot and the name are free again.
    const again = await character(owner, 'GONE', 1);
    expect(again.id).toBeGreaterThan(gone.id);
  });

  it('sets the location and the description', async () => {
    const owner = await account('Owner');
    const c = await character(owner, 'Mover');
    await repo.setLocation(c.id, null);
    expect(await repo.findById(c.id)).toEqual({ ...c, locationId: null });
    await repo.setLocation(c.id, LIMBO_ROOM_ID);
    await repo.setDescription(c.id, 'A tall figure.');
    expect(await repo.findById(c.id)).toEqual({ ...c, locationId: LIMBO_ROOM_ID, description: 'A tall figure.' });
    await expect(repo.setLocation(9999, null)).rejects.toBeInstanceOf(CharacterNotFoundError);
    await expect(repo.setDescription(9999, 'x')).rejects.toMatchObject({ characterId: 9999 });
  });

  it('hands out copies, so mutating a result does not change the store', async () => {
    const owner = await account('Owner');
    const c = await character(owner, 'Erin');
    c.name = 'Mallory';
    const found = await repo.findById(c.id);
    expect(found?.name).toBe('Erin');
    if (found) found.description = 'changed';
    expect((await repo.findByAccount(owner))[0]?.description).toBe('Erin is here.');
  });
});

describe.each(ENGINES)('SqlCharacterRepository and the database on %s', (name) => {
  const engine = engines[name];
  let place: Parameters<Engine['open']>[0];
  async function setup() {
    place = await engine.place();
    const db = await engine.open(place);
    return { db, accounts: new SqlAccountRepository(db.kysely), characters: new SqlCharacterRepository(db.kysely) };
  }

  it('clears accounts.last_puppet_id when that character is deleted', async () => {
    const { accounts, characters } = await setup();
    const owner = await accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    const kept = await characters.createForAccount({
      accountId: owner.id,
      name: 'Kept',
      description: '',
      locationId: LIMBO_ROOM_ID,
      maxPerAccount: 5,
    });
    const doomed = await characters.createForAccount({
      accountId: owner.id,
      name: 'Doomed',
      description: '',
      locationId: LIMBO_ROOM_ID,
      maxPerAccount: 5,
    });
    await accounts.setLastPuppet(owner.id, doomed.id);
    expect((await accounts.findById(owner.id))?.lastPuppetId).toBe(doomed.id);
    await characters.delete(kept.id);
    expect((await accounts.findById(owner.id))?.lastPuppetId).toBe(doomed.id);
    await characters.delete(doomed.id);
    expect((await accounts.findById(owner.id))?.lastPuppetId).toBeNull();
  });

  it('deletes an account’s characters with it, and only its own', async () => {
    const { db, accounts, characters } = await setup();
    const owner = await accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    const other = await accounts.create({ name: 'Other', passwordHash: 'h', isSuperuser: false });
    const base = { description: '', locationId: LIMBO_ROOM_ID, maxPerAccount: 5 };
    const mine = await characters.createForAccount({ ...base, accountId: owner.id, name: 'Mine' });
    await characters.createForAccount({ ...base, accountId: owner.id, name: 'Also Mine' });
    const theirs = await characters.createForAccount({ ...base, accountId: other.id, name: 'Theirs' });
    await accounts.setLastPuppet(owner.id, mine.id);
    await db.kysely.deleteFrom('accounts').where('id', '=', owner.id).execute();
    expect(await characters.findByAccount(owner.id)).toEqual([]);
    expect(await characters.findByName('mine')).toBeUndefined();
    expect(await characters.findByAccount(other.id)).toEqual([theirs]);
  });

  it('refuses an unknown account or room (foreign keys)', async () => {
    const { accounts, characters } = await setup();
    const owner = await accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    await expect(
      characters.createForAccount({
        accountId: 9999,
        name: 'Orphan',
        description: '',
        locationId: null,
        maxPerAccount: 5,
      }),
    ).rejects.toThrow(/FOREIGN KEY/i);
    const c = await characters.createForAccount({
      accountId: owner.id,
      name: 'Lost',
      description: '',
      locationId: LIMBO_ROOM_ID,
      maxPerAccount: 5,
    });
    await expect(characters.setLocation(c.id, 9999)).rejects.toThrow(/FOREIGN KEY/i);
    expect((await characters.findById(c.id))?.locationId).toBe(LIMBO_ROOM_ID);
  });

  it('leaves a character nowhere when its room is deleted', async () => {
    const { db, accounts, characters } = await setup();
    const owner = await accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    const { id: roomId } = await db.kysely
      .insertInto('rooms')
      .values({ name: 'Attic', description: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await characters.createForAccount({
      accountId: owner.id,
      name: 'Lodger',
      description: '',
      locationId: roomId,
      maxPerAccount: 5,
    });
    await db.kysely.deleteFrom('rooms').where('id', '=', roomId).execute();
    expect((await characters.findById(c.id))?.locationId).toBeNull();
  });

  it('keeps the limit across two connections to the same database', async () => {
    // Two Db handles are two SQLite connections (two pools on PostgreSQL): kysely's in-process
    // query queue no longer serialises them, so this exercises the database's own locks.
    const first = await setup();
    const second = await engine.open(place);
    const owner = await first.accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    const repos = [first.characters, new SqlCharacterRepository(second.kysely)];
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        repos[i % 2]?.createForAccount({
          accountId: owner.id,
          name: `Twin${i}`,
          description: '',
          locationId: LIMBO_ROOM_ID,
          maxPerAccount: 3,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    // Refused for the limit, not for a busy database.
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CharacterLimitError);
    expect(await first.characters.countByAccount(owner.id)).toBe(3);
  });
});

describe('SqlCharacterRepository on PostgreSQL, against another transaction', () => {
  it('waits for a creation still in flight on the same account before counting', async () => {
    // Another server's creation of the account's last allowed character, inserted but not yet
    // committed: under READ COMMITTED it is not counted, so without the lock on the account
    // row this creation would also fit under the limit.
    const db = await engines.PostgreSQL.fresh();
    const accounts = new SqlAccountRepository(db.kysely);
    const characters = new SqlCharacterRepository(db.kysely);
    const owner = await accounts.create({ name: 'Owner', passwordHash: 'h', isSuperuser: false });
    const base = { accountId: owner.id, description: '', locationId: LIMBO_ROOM_ID, maxPerAccount: 2 };
    await characters.createForAccount({ ...base, name: 'First' });
    await db.kysely.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await conn
        .insertInto('characters')
        .values({ account_id: owner.id, name: 'Second', name_key: 'second', location_id: null, created_at: 0 })
        .execute();
      const third = characters.createForAccount({ ...base, name: 'Third' });
      expect(await settledOrBlocked(db.kysely, third)).toBe('blocked');
      await sql`commit`.execute(conn);
      await expect(third).rejects.toBeInstanceOf(CharacterLimitError);
    });
    expect(await characters.countByAccount(owner.id)).toBe(2);
  });
});
