/**
 * docs/architecture.md#restarting-the-game-server over the real two processes: `reload` and `reset` keep every connection, login, puppet
 * and sessid; input sent meanwhile is answered after the restart; a killed game server is
 * survived the same way; a connection opened during the gap is served.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { RELAXED_LIMITS } from './support.js';

/** Limbo's description: the arrival look after `ic` is complete once it shows. */
const LIMBO = 'The void between worlds';

interface Seat {
  client: TestClient;
  sessid: number;
  puppet: string | null;
}

/** What a player can check from inside: its sessid and its puppet, as the game reports them. */
async function seatOf(client: TestClient): Promise<Seat> {
  const state = await client.waitForFrame('session');
  const last = client.last('session') ?? state;
  return { client, sessid: last[2].sessid, puppet: last[2].puppet };
}

/** Asks the game itself whether the session is still the same one, logged in, on the same puppet. */
async function expectSeatKept(seat: Seat): Promise<void> {
  // In modes 1 and 3 other sessions' `sessions` output is mirrored here too: wait for the answer
  // that marks this session as the asking one.
  const mine = new RegExp(`^${seat.sessid}\\*`, 'm');
  const sessions = await seat.client.command('sessions', mine);
  expect(sessions).toMatch(new RegExp(`^${seat.sessid}\\*\\s+websocket\\s+\\S+\\s+${seat.puppet ?? '-'}\\s`, 'm'));
  expect(seat.client.closeCode).toBeUndefined();
}

async function restart(game: GameProcess, admin: TestClient, command: 'reload' | 'reset', everyone: TestClient[]) {
  const marks = everyone.map((c) => c.frames.length);
  const oldPid = await game.pid('server');
  admin.line(command);
  // From the request until the new server has taken over (its boot included), /health says so.
  await expect.poll(async () => (await game.health()).server, { interval: 20 }).toBe('reloading');
  await Promise.all(everyone.map((c, i) => c.waitForText('Server restarted', marks[i], 30_000)));
  for (const [i, c] of everyone.entries()) {
    expect(c.textSince(marks[i] ?? 0)).toContain(
      command === 'reload' ? 'Server restart initiated' : 'Server reset initiated',
    );
  }
  expect(await game.pid('server')).not.toBe(oldPid);
}

describe.each([0, 1, 2, 3] as const)('reload in mode %i', (mode) => {
  it('keeps sessids, logins and puppets, and answers input sent during the restart after it', async () => {
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_MULTISESSION_MODE: String(mode) } });
    try {
      const admin = await createAccount(game, 'Root', 'root-secret-1');
      const players: TestClient[] = [admin];
      if (mode >= 2) await admin.command('charcreate Rooty', 'Created');
      if (mode >= 2) await admin.command('ic Rooty', LIMBO);
      const second = await createAccount(game, 'Sam', 'sam-secret-12');
      players.push(second);
      if (mode >= 2) {
        await second.command('charcreate Sammy', 'Created');
        await second.command('charcreate Sable', 'Created');
        await second.command('ic Sammy', LIMBO);
      }
      if (mode >= 1) {
        // Another session of the same account: shares (1, 3) or plays another character (2).
        const third = await login(game, 'Sam', 'sam-secret-12');
        players.push(third);
        if (mode === 2) await third.command('ic Sable', LIMBO);
        if (mode === 3) await third.command('ic Sammy', LIMBO);
      }
      const ooc = await connect(game);
      const seats = await Promise.all(players.map(seatOf));
      if (mode !== 2 && mode !== 3) expect(seats.every((s) => s.puppet !== null)).toBe(true);

      // A line typed right behind the reload is held by the portal and answered afterwards.
      const from = second.frames.length;
      const marks = players.map((c) => c.frames.length);
      await restart(game, admin, 'reload', [...players, ooc]);
      second.line('who');
      const afterWho = await second.waitForText('logged in.', from);
      const text = second.textSince(from);
      expect(text.indexOf('Server restarted')).toBeLessThan(text.indexOf(afterWho));
      for (const seat of seats) await expectSeatKept(seat);
      // Nobody re-ran login or puppet hooks: no "entered the game", no welcome.
      for (const [i, c] of players.entries()) {
        expect(c.textSince(marks[i] ?? 0)).not.toMatch(/entered the game|left the game|You become|logged in as/);
      }
      // The unlogged-in connection is still at the login screen and can log in.
      await ooc.command('connect Root root-secret-1', 'logged in as Root');
      for (const c of [...players, ooc]) c.close();
    } finally {
      await game.stop();
    }
  });
});

describe('restarts', () => {
  it('input sent while the game server is down is answered once it is back, in order', async () => {
    const game = await GameProcess.start({ env: RELAXED_LIMITS });
    try {
      const admin = await createAccount(game, 'Root', 'root-secret-1');
      const from = admin.frames.length;
      admin.line('reload');
      for (let i = 1; i <= 5; i++) admin.line(`say line ${i}`);
      await admin.waitForText('You say, "line 5"', from, 30_000);
      await admin.waitForText('Server restarted', from, 30_000);
      const text = admin.textSince(from);
      // Lines the old server received before it drained are answered by it, the rest by the new
      // one: every line is answered once, in the order typed.
      const positions = [1, 2, 3, 4, 5].map((i) => text.indexOf(`You say, "line ${i}"`));
      expect(positions.every((p, i) => p !== -1 && p > (positions[i - 1] ?? -1))).toBe(true);
      expect(text.match(/You say, "line \d"/g)).toHaveLength(5);

      // reset: a cold restart with the same promise.
      const seat = await seatOf(admin);
      await restart(game, admin, 'reset', [admin]);
      await expectSeatKept(seat);

      // Nobody else may restart the game.
      const pleb = await createAccount(game, 'Pleb', 'pleb-secret-12');
      expect(await pleb.command('reload', 'not available')).toBeTruthy();
      admin.close();
      pleb.close();
    } finally {
      await game.stop();
    }
  });

  it('survives kill -9 of the game server with logins and puppets, and serves connections made meanwhile', async () => {
    const game = await GameProcess.start({ env: RELAXED_LIMITS });
    try {
      const a = await createAccount(game, 'Phoenix', 'phoenix-secret-1');
      const b = await createAccount(game, 'Ash', 'ash-secret-123');
      const seats = await Promise.all([a, b].map(seatOf));
      const from = a.frames.length;
      process.kill(await game.pid('server'), 'SIGKILL');
      // A connection opened while the game server is down gets its connection screen once it is back.
      const late = await connect(game);
      await a.waitForText('stopped unexpectedly', from);
      await a.waitForText('Server restarted', from, 30_000);
      for (const seat of seats) await expectSeatKept(seat);
      expect(await b.command('say still here', 'You say')).toBe('You say, "still here"');
      await a.waitForText('Ash says, "still here"', from);
      await late.command('connect Ash ash-secret-123', 'logged in as Ash');
      for (const c of [a, b, late]) c.close();
    } finally {
      await game.stop();
    }
  }, 120_000);

  it('quit and a closed socket remove the session on both sides', async () => {
    const game = await GameProcess.start({ env: RELAXED_LIMITS });
    try {
      const watcher = await createAccount(game, 'Watcher', 'watcher-secret-1');
      const a = await createAccount(game, 'Quitter', 'quitter-secret-1');
      const b = await createAccount(game, 'Closer', 'closer-secret-1');
      expect((await game.health()).sessions).toBe(3);
      a.line('quit');
      expect(await a.closed).toBe(CloseCode.Normal);
      b.close();
      await b.closed;
      await expect.poll(async () => (await game.health()).sessions).toBe(1);
      const who = await watcher.command('who', 'logged in.');
      expect(who).not.toMatch(/Quitter|Closer/);
      watcher.close();
    } finally {
      await game.stop();
    }
  });
});

describe('session statistics', () => {
  it('reach the portal within a second, so a kill -9 of the game server does not roll them back', async () => {
    const game = await GameProcess.start({ env: RELAXED_LIMITS });
    try {
      const admin = await createAccount(game, 'Counter', 'counter-secret-1');
      for (let i = 0; i < 12; i++) await admin.command('look', LIMBO);
      // The superuser's `who` has a Cmds column: the session's cmdTotal.
      const cmds = async () => {
        const who = await admin.command('who', 'logged in.');
        const row = /^Counter\s+\S+\s+\S+\s+Counter\s+Limbo\s+(\d+)\s/m.exec(who);
        if (!row) throw new Error(`no Cmds for Counter in:\n${who}`);
        return Number(row[1]);
      };
      const before = await cmds();
      expect(before).toBeGreaterThanOrEqual(13);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const from = admin.frames.length;
      process.kill(await game.pid('server'), 'SIGKILL');
      await admin.waitForText('Server restarted', from, 30_000);
      expect(await cmds()).toBeGreaterThan(before);
    } finally {
      await game.stop();
    }
  });
});
