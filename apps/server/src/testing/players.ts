/**
 * Player helpers for integration tests: connect, create or log in, and wait until the game says so.
 */
import type { GameProcess } from './GameProcess.js';
import { TestClient } from './TestClient.js';

export async function connect(game: GameProcess): Promise<TestClient> {
  const client = await TestClient.connect(game.wsUrl);
  await client.waitForText('connect <username> <password>');
  return client;
}

/** Types `create` or `connect` on a new connection and waits until it is logged in and settled. */
async function enter(
  game: GameProcess,
  verb: 'create' | 'connect',
  name: string,
  password: string,
): Promise<TestClient> {
  const client = await connect(game);
  const from = client.frames.length;
  client.line(`${verb} "${name}" ${password}`);
  await client.waitForFrame('logged_in', from);
  await client.waitForFrame('session', from);
  return client;
}

/** Creates an account (typed `create`) and waits until it is logged in and settled. */
export const createAccount = (game: GameProcess, name: string, password: string) =>
  enter(game, 'create', name, password);

/** Logs in (typed `connect`) and waits until it is logged in and settled. */
export const login = (game: GameProcess, name: string, password: string) => enter(game, 'connect', name, password);
