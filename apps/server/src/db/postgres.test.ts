/**
 * The PostgreSQL pool across restarts and crashes of a real, private PostgreSQL server
 * (docs/cluster.md#postgresql): nothing committed is lost, the process does not crash on a dead
 * connection, a statement waits out a short outage and fails clearly after a long one.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { type PrivatePostgres, startPrivatePostgres } from '../testing/PostgresServer.js';
import { type Db, openDatabase } from './Database.js';
import { DatabaseUnavailableError } from './DatabaseUnavailableError.js';

let server: PrivatePostgres;
const open: Db[] = [];

beforeAll(async () => {
  server = await startPrivatePostgres();
});

afterAll(async () => {
  for (const db of open.splice(0)) await db.close();
  await server?.destroy();
});

async function connect(retryMs: number, errors: Error[] = []): Promise<Db> {
  const db = await openDatabase({ url: server.url, retryMs, onConnectionError: (e) => errors.push(e) });
  open.push(db);
  return db;
}

/** A server that is up, whatever the test before left it as. */
async function up(): Promise<void> {
  await server.start().catch((error: unknown) => {
    if (!/already running/.test(String(error))) throw error;
  });
}

describe('the PostgreSQL pool', () => {
  it('survives a restart: idle connections die quietly, the next statements work, commits stay', async () => {
    await up();
    const errors: Error[] = [];
    const db = await connect(5000, errors);
    const accounts = new SqlAccountRepository(db.kysely);
    const before = await accounts.create({ name: `Kept${Date.now()}`, passwordHash: 'h', isSuperuser: false });
    // Several connections in the pool, idle when the server goes.
    await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db.kysely)));

    await server.stop();
    // Every idle connection was told to go (57P01) and was dropped through the pool's `error`.
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await server.start();

    expect(await accounts.findById(before.id)).toEqual(before);
    await accounts.create({ name: `After${Date.now()}`, passwordHash: 'h', isSuperuser: false });
  });

  it('makes a statement wait out a short outage', async () => {
    await up();
    const db = await connect(60_000);
    await sql`select 1`.execute(db.kysely);
    await server.stop();
    const during = new SqlAccountRepository(db.kysely).count();
    await server.start();
    expect(await during).toBeGreaterThanOrEqual(0);
  });

  it('fails a statement with DatabaseUnavailableError when the outage outlasts the wait', async () => {
    await up();
    const db = await connect(300);
    await sql`select 1`.execute(db.kysely);
    await server.stop();
    const attempt = new SqlAccountRepository(db.kysely).count();
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(attempt).rejects.toMatchObject({ playerMessage: expect.stringMatching(/try again/) });
    await server.start();
    expect(await new SqlAccountRepository(db.kysely).count()).toBeGreaterThanOrEqual(0);
  });

  it('survives a crash: a statement in flight fails clearly, what was committed is there after recovery', async () => {
    await up();
    const db = await connect(5000);
    const accounts = new SqlAccountRepository(db.kysely);
    const committed = await accounts.create({ name: `Durable${Date.now()}`, passwordHash: 'h', isSuperuser: false });
    const inFlight = db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('accounts')
        .values({ name: 'Uncommitted', name_key: 'uncommitted', password_hash: 'h', created_at: 0 })
        .execute();
      await sql`select pg_sleep(60)`.execute(trx);
    });
    inFlight.catch(() => {});
    await expect
      .poll(async () => {
        const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
          where query like '%pg_sleep(60)%' and state = 'active' and pid <> pg_backend_pid()`.execute(db.kysely);
        return Number(rows[0]?.n);
      })
      .toBe(1);

    await server.kill();
    await expect(inFlight).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await server.start();

    expect(await accounts.findById(committed.id)).toEqual(committed);
    expect(await accounts.findByName('uncommitted')).toBeUndefined();
  });

  it('refuses a wrong database at once, without waiting', async () => {
    await up();
    const url = new URL(server.url);
    url.pathname = '/no_such_database';
    const attempt = openDatabase({ url: url.toString(), retryMs: 60_000 });
    await expect(attempt).rejects.toThrow();
    await expect(attempt).rejects.not.toBeInstanceOf(DatabaseUnavailableError);
  });
});
