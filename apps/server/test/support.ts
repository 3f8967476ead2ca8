/**
 * Vitest wiring shared by the integration suites: one real game per file, started before its
 * tests and stopped after, with every client a test opened closed at the end.
 */
import { afterAll, beforeAll } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import type { TestClient } from '../src/testing/TestClient.js';

/** Settings that keep many quick connections from one address out of the way of a test. */
export const RELAXED_LIMITS = {
  MUD_CREATION_THROTTLE_LIMIT: '0',
  MUD_LOGIN_THROTTLE_LIMIT: '0',
  MUD_MAX_CONNECTION_RATE: '0',
};

export interface GameSuite {
  readonly game: GameProcess;
  /** Registers a client to be closed after the file's tests; returns it. */
  track(client: TestClient): TestClient;
}

export function gameSuite(env: Record<string, string>, afterStart?: (suite: GameSuite) => Promise<void>): GameSuite {
  let game: GameProcess | undefined;
  const open: TestClient[] = [];
  const suite: GameSuite = {
    get game() {
      if (!game) throw new Error('the game is not started yet');
      return game;
    },
    track(client) {
      open.push(client);
      return client;
    },
  };
  beforeAll(async () => {
    game = await GameProcess.start({ env: { ...RELAXED_LIMITS, ...env } });
    await afterStart?.(suite);
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await game?.stop();
  });
  return suite;
}

/**
 * Sends a typed line and waits for the `error` frame that refuses it: typed and framed logins
 * answer a refusal the same way (one login path, issue 11). Returns its code and message.
 */
export async function refusal(client: TestClient, line: string): Promise<{ code: string; message: string }> {
  const from = client.frames.length;
  client.line(line);
  const frame = await client.waitForFrame('error', from);
  return { code: frame[2].code, message: frame[1][0] };
}
