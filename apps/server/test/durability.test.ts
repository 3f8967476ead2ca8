/**
 * Issue 6, "no data lost": a state change is durable when the command that made it answers, and a
 * kill -9 at any moment leaves a consistent database. Bursts of `charcreate` and of account
 * creation run while the game server (then the whole game) is killed with SIGKILL; afterwards
 * SQLite's own checks pass, every answered creation is in the file, and the game boots on it.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { plain } from '../src/testing/text.js';
import { RELAXED_LIMITS } from './support.js';

const ENV = {
  ...RELAXED_LIMITS,
  MUD_MULTISESSION_MODE: '2',
  MUD_MAX_NR_CHARACTERS: '100',
  MUD_RESUME_GRACE: '0',
};
const CREATED = /Created new character (\S+)\./;

const games: GameProcess[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(games.map((g) => g.stop('SIGKILL')));
});

async function start(dataDir?: string): Promise<GameProcess> {
  const game = await GameProcess.start({ env: ENV, ...(dataDir ? { dataDir } : {}) });
  games.push(game);
  return game;
}

/** Names of the characters a client has been told were created, in order. */
function createdBy(client: TestClient): string[] {
  return client.frames.flatMap((f) => {
    const match = f[0] === 'text' ? CREATED.exec(plain(String(f[1][0]))) : null;
    return match?.[1] ? [match[1]] : [];
  });
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until a live pid is in the pid file, other than `not`. */
async function servingPid(game: GameProcess, not: number): Promise<number> {
  await game.waitForServer('up');
  for (let i = 0; i < 400; i++) {
    const pid = await game.pid('server');
    if (pid !== not) return pid;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no new game server wrote its pid');
}

interface Checked {
  characters: Set<string>;
  accounts: Set<string>;
}

/** Opens the file as SQLite would after a crash (WAL recovery) and runs its consistency checks. */
function checkDatabase(dataDir: string): Checked {
  const db = new Database(join(dataDir, 'game.sqlite3'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Invariants the schema cannot state on its own.
    const orphans = db
      .prepare(
        'select count(*) from characters where location_id is not null and location_id not in (select id from rooms)',
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    const overfull = db
      .prepare('select count(*) from (select account_id from characters group by account_id having count(*) > 100)')
      .pluck()
      .get();
    expect(overfull).toBe(0);
    expect(db.prepare('select count(*) from rooms where id = 1').pluck().get()).toBe(1);
    expect(db.prepare('select count(*) from kysely_migration').pluck().get()).toBeGreaterThan(0);
    return {
      characters: new Set(db.prepare('select name from characters').pluck().all() as string[]),
      accounts: new Set(db.prepare('select name from accounts').pluck().all() as string[]),
    };
  } finally {
    db.close();
  }
}

describe('durability under kill -9', () => {
  it('every answered charcreate and account creation survives a kill -9 of the game server, then of everything', async () => {
    const game = await start();
    const creators = await Promise.all([0, 1, 2, 3].map((i) => createAccount(game, `Maker${i}`, `maker-secret-${i}x`)));
    clients.push(...creators);

    // Burst 1: 4 × 40 charcreates, the game server killed once ~30 have been answered.
    const PER_CREATOR = 40;
    for (const [i, c] of creators.entries()) {
      for (let n = 0; n < PER_CREATOR; n++) c.line(`charcreate Char${i}x${n}`);
    }
    const answered = () => creators.flatMap(createdBy);
    await until(() => answered().length >= 30, 30_000);
    const firstServer = await game.pid('server');
    const beforeKill = answered();
    process.kill(firstServer, 'SIGKILL');
    expect(beforeKill.length).toBeGreaterThanOrEqual(30);
    expect(beforeKill.length).toBeLessThan(4 * PER_CREATOR);

    // The portal restarts it; players stay connected and are served again.
    const secondServer = await servingPid(game, firstServer);
    for (const c of creators) {
      expect(c.closeCode).toBeUndefined();
      await c.command('look', 'Account Maker');
    }
    const afterRestart = answered();

    // Burst 2: account creations from fresh connections and more charcreates; then the whole game
    // (portal and game server) is killed at once while they are in flight.
    const joiners = await Promise.all(Array.from({ length: 8 }, () => connect(game)));
    clients.push(...joiners);
    for (const [i, j] of joiners.entries()) j.line(`create Joiner${i} joiner-secret-${i}x`);
    for (const [i, c] of creators.entries()) {
      for (let n = 0; n < 20; n++) c.line(`charcreate Late${i}x${n}`);
    }
    const joined = () => joiners.flatMap((j, i) => (j.frames.some((f) => f[0] === 'logged_in') ? [`Joiner${i}`] : []));
    await until(() => joined().length >= 2 && answered().length >= afterRestart.length + 10, 30_000);
    const joinedNames = joined();
    const beforeSecondKill = answered();
    process.kill(secondServer, 'SIGKILL');
    game.child.kill('SIGKILL');
    await game.exited();

    // SQLite's checks pass, and every creation that was answered is in the file.
    const { characters, accounts } = checkDatabase(game.dataDir);
    for (const name of beforeSecondKill) expect(characters, name).toContain(name);
    for (const name of joinedNames) expect(accounts, name).toContain(name);
    for (const name of beforeKill) expect(characters).toContain(name);
    // Nothing was created twice or out of thin air: every stored character was asked for.
    for (const name of characters) expect(name).toMatch(/^(Char|Late)[0-3]x\d+$/);

    // The game boots on the file and players find what they made.
    const again = await start(game.dataDir);
    const maker = await login(again, 'Maker0', 'maker-secret-0x');
    clients.push(maker);
    await maker.command('look', 'Account Maker0');
    const menu = await maker.waitForState('charmenu', () => true);
    const mine = [...characters].filter((n) => /^(Char|Late)0x/.test(n)).sort();
    expect(menu[2].characters.map((c) => c.name).sort()).toEqual(mine);
    expect(mine).toEqual(expect.arrayContaining(beforeSecondKill.filter((n) => /^(Char|Late)0x/.test(n))));
  });
});
