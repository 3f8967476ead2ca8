/**
 * The real game on PostgreSQL (MUD_DATABASE_URL, docs/cluster.md#postgresql): accounts and
 * characters live there across a reload, and a restart of PostgreSQL mid-play costs a player
 * nothing but a "try again" for what needed the database while it was down.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@mud/protocol';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import {
  type PrivatePostgres,
  startPrivatePostgres,
  type TestDatabase,
  testDatabase,
} from '../src/testing/PostgresServer.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { RELAXED_LIMITS } from './support.js';

const LIMBO = 'The void between worlds';
const ENV = { ...RELAXED_LIMITS, MUD_MULTISESSION_MODE: '2' };

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startGame(url: string): Promise<GameProcess> {
  const game = await GameProcess.start({ env: { ...ENV, MUD_DATABASE_URL: url } });
  cleanups.push(() => game.stop());
  return game;
}

function track(client: TestClient): TestClient {
  cleanups.push(async () => client.close());
  return client;
}

/** Rows as PostgreSQL itself has them, read around the game. */
async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A new account with a character it plays, in Limbo. */
async function player(game: GameProcess, character: string): Promise<{ client: TestClient; name: string }> {
  const name = uniqueName('Pg');
  const client = track(await createAccount(game, name, passwordFor(name)));
  await client.command(`charcreate ${character}`, `Created new character ${character}`);
  await client.command(`ic ${character}`, LIMBO);
  return { client, name };
}

describe('the game on PostgreSQL', () => {
  it('keeps accounts and characters in PostgreSQL across a reload', async () => {
    const database: TestDatabase = await testDatabase();
    cleanups.push(() => database.drop());
    const game = await startGame(database.url);

    // The first account is the superuser, who may reload.
    const { client: admin, name } = await player(game, 'Heroine');
    const mark = admin.frames.length;
    admin.line('reload');
    await admin.waitForText('Server restarted', mark, 60_000);
    // Still playing the same character after the reload.
    await admin.command('look', LIMBO);

    const again = track(await login(game, name, passwordFor(name)));
    await again.command('look', /Heroine/);

    expect(await query(database.url, 'select name, is_superuser from accounts')).toEqual([{ name, is_superuser: 1 }]);
    expect(await query(database.url, 'select name, location_id from characters')).toEqual([
      { name: 'Heroine', location_id: 1 },
    ]);
    // Nothing went to SQLite.
    expect(existsSync(join(game.dataDir, 'game.sqlite3'))).toBe(false);
  });

  it('survives a PostgreSQL restart mid-play: play goes on, a login meanwhile is told to try again, then works', async () => {
    const server: PrivatePostgres = await startPrivatePostgres();
    cleanups.push(() => server.destroy());
    const game = await startGame(server.url);
    const serverPid = await game.pid('server');

    const playing = await player(game, 'Stayer');
    const late = uniqueName('Late');
    track(await createAccount(game, late, passwordFor(late))).close();

    await server.stop();

    // What needs no database goes on as before.
    await playing.client.command('say still here', 'You say, "still here"');
    await playing.client.command('look', LIMBO);

    // A login needs the database: after a short wait, a clear answer naming the login.
    const latecomer = track(await connect(game));
    const from = latecomer.frames.length;
    latecomer.send(['login', [], { name: late, password: passwordFor(late) }]);
    const refusal = await latecomer.waitForFrame('error', from, 30_000);
    expect(refusal[2]).toEqual({ code: ErrorCode.ServerUnavailable, input: 'login' });
    expect(String(refusal[1][0])).toMatch(/database.*try again/);

    await server.start();

    // The same connection logs in now; nothing made before the outage is missing.
    await latecomer.enter('login', late, passwordFor(late));
    const back = track(await login(game, playing.name, passwordFor(playing.name)));
    await back.command('look', /Stayer/);
    await playing.client.command('say back again', 'You say, "back again"');
    const accounts = await query<{ name: string }>(server.url, 'select name from accounts order by id');
    expect(accounts.map((a) => a.name)).toEqual([playing.name, late]);

    // The game server never went down over it: same process, the outage logged by name.
    expect(await game.pid('server')).toBe(serverPid);
    expect(game.log()).toContain('database-unavailable');
  });
});
