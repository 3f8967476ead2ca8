/**
 * Player helpers for integration tests: connect, create or log in, and wait until the game says
 * so by the protocol's frames (`session`, `logged_in`, `error` with a code), never by its wording,
 * so they work for a game with its own connection screen and commands too.
 */
import type { GameProcess } from './GameProcess.js';
import { TestClient } from './TestClient.js';

/** Opens a connection and waits until the game has set its session up. */
export async function connect(game: GameProcess): Promise<TestClient> {
  const client = await TestClient.connect(game.wsUrl);
  await client.waitForSession();
  return client;
}

/** Creates an account on a new connection and waits until it is logged in and settled. */
export async function createAccount(game: GameProcess, name: string, password: string): Promise<TestClient> {
  const client = await connect(game);
  await client.enter('create', name, password);
  return client;
}

/** Logs in on a new connection and waits until it is logged in and settled. */
export async function login(game: GameProcess, name: string, password: string): Promise<TestClient> {
  const client = await connect(game);
  await client.enter('login', name, password);
  return client;
}
