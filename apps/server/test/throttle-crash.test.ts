/**
 * Issue 14, item 8 over the real two processes: the login and creation throttles used to live
 * only in the game server's memory, so right after the game server was killed (kill -9) and
 * restarted by the portal, an address it had throttled could log in (or create accounts) again.
 * The counts are now kept in the database and read back when the new game server takes over.
 */
import { ErrorCode } from '@mud/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { refusal } from './support.js';

const games: GameProcess[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(games.map((g) => g.stop()));
});

async function start(env: Record<string, string>): Promise<GameProcess> {
  const game = await GameProcess.start({ env: { MUD_MAX_CONNECTION_RATE: '0', ...env } });
  games.push(game);
  return game;
}

async function player(game: GameProcess): Promise<TestClient> {
  const client = await connect(game);
  clients.push(client);
  return client;
}

/**
 * Kills the serving game server with SIGKILL (no chance to save anything on the way out) and
 * waits until the portal's replacement has taken the sessions over: `witness` is told so.
 */
async function crash(game: GameProcess, witness: TestClient): Promise<void> {
  const from = witness.frames.length;
  process.kill(await game.pid('server'), 'SIGKILL');
  await witness.waitForText('stopped unexpectedly', from);
  await witness.waitForText('Server restarted', from, 30_000);
}

describe('throttles survive a game server crash', () => {
  it('an address throttled after failed logins is still refused after kill -9, even with the right password', async () => {
    const game = await start({ MUD_LOGIN_THROTTLE_LIMIT: '3', MUD_CREATION_THROTTLE_LIMIT: '0' });
    const owner = await createAccount(game, 'Target', 'target-secret-1');
    clients.push(owner);
    const attacker = await player(game);
    for (let i = 0; i < 3; i++) {
      expect((await refusal(attacker, `connect Target wrong-${i}-password`)).code).toBe(ErrorCode.LoginFailed);
    }
    expect((await refusal(attacker, 'connect Target target-secret-1')).code).toBe(ErrorCode.Throttled);

    await crash(game, attacker);

    // Typed and framed logins, from the connection that survived and from a fresh one.
    expect((await refusal(attacker, 'connect Target target-secret-1')).code).toBe(ErrorCode.Throttled);
    const fresh = await player(game);
    const from = fresh.frames.length;
    fresh.send(['login', [], { name: 'Target', password: 'target-secret-1' }]);
    expect((await fresh.waitForFrame('error', from))[2].code).toBe(ErrorCode.Throttled);
    expect([...attacker.frames, ...fresh.frames].some((f) => f[0] === 'logged_in')).toBe(false);
  }, 120_000);

  it('a successful login is not remembered as a failure across the crash', async () => {
    const game = await start({ MUD_LOGIN_THROTTLE_LIMIT: '2', MUD_CREATION_THROTTLE_LIMIT: '0' });
    const owner = await createAccount(game, 'Regular', 'regular-secret-1');
    clients.push(owner);
    // One failure and three successes: only the failure may count, before and after the crash.
    const guest = await player(game);
    expect((await refusal(guest, 'connect Regular wrong-password-1')).code).toBe(ErrorCode.LoginFailed);
    for (let i = 0; i < 3; i++) {
      const again = await player(game);
      await again.enter('login', 'Regular', 'regular-secret-1');
    }

    await crash(game, guest);

    const after = await player(game);
    await after.enter('login', 'Regular', 'regular-secret-1');
    // The failure from before the crash still counts: one more reaches the limit of 2.
    expect((await refusal(guest, 'connect Regular wrong-password-2')).code).toBe(ErrorCode.LoginFailed);
    expect((await refusal(guest, 'connect Regular regular-secret-1')).code).toBe(ErrorCode.Throttled);
  }, 120_000);

  it('an address past the creation throttle is still refused after kill -9', async () => {
    const game = await start({ MUD_CREATION_THROTTLE_LIMIT: '1', MUD_LOGIN_THROTTLE_LIMIT: '0' });
    const first = await createAccount(game, 'Firstone', 'first-secret-1');
    clients.push(first);
    const creator = await player(game);
    expect((await refusal(creator, 'create Secondone second-secret-2')).code).toBe(ErrorCode.Throttled);

    await crash(game, creator);

    expect((await refusal(creator, 'create Secondone second-secret-2')).code).toBe(ErrorCode.Throttled);
    const fresh = await player(game);
    expect((await refusal(fresh, 'create Thirdone third-secret-3')).code).toBe(ErrorCode.Throttled);
    // Logging in to the account made before the crash still works: only creation is throttled.
    await fresh.enter('login', 'Firstone', 'first-secret-1');
  }, 120_000);
});
