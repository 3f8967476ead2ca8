/**
 * The SQLite writer thread (sqliteWorkerDialect.ts, sqliteWorker.js): writes are grouped into
 * shared commits, a failing statement fails alone, an explicit transaction is its own unit, plain
 * reads see what was answered, close drains, and a dead thread fails its callers and is replaced.
 * An open explicit transaction holds the writer, which makes grouping deterministic: the single
 * writes sent meanwhile all wait, and all go in the next commit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NameTakenError } from '../accounts/AccountRepository.js';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { type Db, openDatabase } from './Database.js';
import { DatabaseUnavailableError } from './DatabaseUnavailableError.js';
import { SqliteWorkerDialect } from './sqliteWorkerDialect.js';

let dir: string;
let files = 0;
const closing: Array<() => Promise<void>> = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mud-writer-'));
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function newFile(): string {
  files += 1;
  return join(dir, `game-${files}.sqlite3`);
}

async function open(file = newFile()): Promise<Db & { file: string }> {
  const db = await openDatabase({ file });
  closing.push(() => db.close());
  return { ...db, file };
}

/** A promise and its resolve, to hold a transaction open until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Lets the writer thread take what was sent (a few round trips of the event loop). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

function account(name: string) {
  return { name, passwordHash: 'h', isSuperuser: false };
}

describe('the SQLite writer thread', () => {
  it('groups the writes sent while a commit is in flight into one commit', async () => {
    const db = await open();
    const repo = new SqlAccountRepository(db.kysely);
    const before = await db.sqliteStats!();

    const held = gate();
    const tx = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('rooms').values({ name: 'Held', description: '' }).execute();
      await held.wait;
    });
    await settle();
    const creations = Array.from({ length: 50 }, (_, i) => repo.create(account(`Grouped${i}`)));
    await settle();
    held.open();
    await tx;
    const created = await Promise.all(creations);

    expect(new Set(created.map((a) => a.id)).size).toBe(50);
    const after = await db.sqliteStats!();
    // The transaction's commit, then one for all fifty.
    expect(after.commits - before.commits).toBe(2);
    expect(after.statements - before.statements).toBe(51);
    expect(await repo.count()).toBe(50);
  });

  it('commits a storm of concurrent writes in fewer commits than writes', async () => {
    const db = await open();
    const repo = new SqlAccountRepository(db.kysely);
    const before = await db.sqliteStats!();
    await Promise.all(Array.from({ length: 200 }, (_, i) => repo.create(account(`Storm${i}`))));
    const after = await db.sqliteStats!();
    expect(after.statements - before.statements).toBe(200);
    expect(after.commits - before.commits).toBeLessThan(200);
    expect(await repo.count()).toBe(200);
  });

  it('fails only the statement that breaks a constraint, with the error better-sqlite3 gives', async () => {
    const db = await open();
    const repo = new SqlAccountRepository(db.kysely);
    await repo.create(account('Taken'));
    const before = await db.sqliteStats!();

    const held = gate();
    const tx = db.kysely.transaction().execute(async () => {
      await held.wait;
    });
    await settle();
    const first = repo.create(account('Fresh1'));
    const clash = repo.create(account('TAKEN'));
    const raw = db.kysely
      .insertInto('accounts')
      .values({ name: 'taken', name_key: 'taken', password_hash: 'h', created_at: 0 })
      .execute();
    const last = repo.create(account('Fresh2'));
    const outcomes = Promise.allSettled([first, clash, raw, last]);
    await settle();
    held.open();
    await tx;
    const [a, b, c, d] = await outcomes;

    expect(a.status).toBe('fulfilled');
    expect(d.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(NameTakenError);
    const error = c.status === 'rejected' ? c.reason : undefined;
    expect(error).toBeInstanceOf(SqliteDatabase.SqliteError);
    expect(error).toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      message: expect.stringMatching(/accounts\.name_key/),
    });
    expect((await db.kysely.selectFrom('accounts').select('name').orderBy('id').execute()).map((r) => r.name)).toEqual([
      'Taken',
      'Fresh1',
      'Fresh2',
    ]);
    // All four were one group: an empty transaction's commit, then theirs.
    expect((await db.sqliteStats!()).commits - before.commits).toBe(2);
  });

  it('keeps a transaction apart from the single writes sent while it is open', async () => {
    const db = await open();
    const order: string[] = [];
    const held = gate();
    let seenInside: string[] = [];
    const tx = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('rooms').values({ name: 'Inside', description: '' }).execute();
      await held.wait;
      seenInside = (await trx.selectFrom('rooms').select('name').orderBy('id').execute()).map((r) => r.name);
      throw new Error('changed my mind');
    });
    await settle();
    const outside = db.kysely
      .insertInto('rooms')
      .values({ name: 'Outside', description: '' })
      .execute()
      .then(() => order.push('outside'));
    await settle();
    expect(order).toEqual([]); // waits for the transaction
    held.open();
    await expect(tx).rejects.toThrow('changed my mind');
    order.push('transaction over');
    await outside;

    expect(seenInside).toEqual(['Limbo', 'Inside']);
    expect(order).toEqual(['transaction over', 'outside']);
    expect((await db.kysely.selectFrom('rooms').select('name').orderBy('id').execute()).map((r) => r.name)).toEqual([
      'Limbo',
      'Outside',
    ]);
  });

  it('answers a plain read on the main thread while a transaction holds the writer, and it sees every answered write', async () => {
    const db = await open();
    const repo = new SqlAccountRepository(db.kysely);
    const held = gate();
    const created = await repo.create(account('Seen'));
    // The very next statement, a read, finds it.
    expect((await repo.findByName('seen'))?.account.id).toBe(created.id);

    const tx = db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ last_login_at: 1 }).execute();
      await held.wait;
    });
    await settle();
    // Not queued behind the open transaction, and not seeing its uncommitted update.
    expect((await repo.findById(created.id))?.lastLoginAt).toBeNull();
    held.open();
    await tx;
    expect((await repo.findById(created.id))?.lastLoginAt).toBe(1);
  });

  it('commits every queued write before close returns', async () => {
    const file = newFile();
    const db = await openDatabase({ file });
    const repo = new SqlAccountRepository(db.kysely);
    const creations = Array.from({ length: 100 }, (_, i) => repo.create(account(`Drained${i}`)));
    await db.close();
    expect((await Promise.allSettled(creations)).map((r) => r.status)).toEqual(Array(100).fill('fulfilled'));
    await expect(repo.create(account('TooLate'))).rejects.toThrow(/destroyed|closed/);

    const check = new SqliteDatabase(file, { readonly: true });
    try {
      expect(check.prepare("select count(*) from accounts where name like 'Drained%'").pluck().get()).toBe(100);
    } finally {
      check.close();
    }
  });

  it('fails the callers of a thread that died with DatabaseUnavailableError, reports it, and starts a new one', async () => {
    const errors: Error[] = [];
    const dialect = new SqliteWorkerDialect({ file: newFile(), onError: (e) => errors.push(e) });
    // biome-ignore lint/suspicious/noExplicitAny: a table of its own, outside the game's schema.
    const db = new Kysely<any>({ dialect });
    closing.push(() => db.destroy());
    await db.schema.createTable('t').addColumn('v', 'text').execute();

    const held = gate();
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ v: 'in the transaction' }).execute();
      await held.wait;
      await trx.insertInto('t').values({ v: 'after the crash' }).execute();
    });
    await settle();
    const waiting = db.insertInto('t').values({ v: 'queued' }).execute();
    await settle();
    await dialect.terminateWriter();

    await expect(waiting).rejects.toBeInstanceOf(DatabaseUnavailableError);
    held.open();
    await expect(tx).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(errors).toHaveLength(1);

    // The next write gets a new thread; nothing of the dead one's open transaction was kept.
    await db.insertInto('t').values({ v: 'later' }).execute();
    expect(await db.selectFrom('t').select('v').execute()).toEqual([{ v: 'later' }]);
    expect(errors).toHaveLength(1);
  });

  it('works on a memory database, every statement on the thread', async () => {
    const db = await openDatabase({ memory: true });
    closing.push(() => db.close());
    const repo = new SqlAccountRepository(db.kysely);
    await Promise.all([repo.create(account('One')), repo.create(account('Two'))]);
    await expect(repo.create(account('one'))).rejects.toBeInstanceOf(NameTakenError);
    expect(await repo.count()).toBe(2);
  });
});
