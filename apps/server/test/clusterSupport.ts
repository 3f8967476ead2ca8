/**
 * Vitest wiring shared by the cluster suites (docs/cluster.md): one cluster per file, started
 * before its tests and stopped after, with every client a test opened closed at the end.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { type ClusterOptions, ClusterProcess } from '../src/testing/ClusterProcess.js';
import type { GameProcess } from '../src/testing/GameProcess.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { RELAXED_LIMITS } from './support.js';

export interface ClusterSuite {
  readonly cluster: ClusterProcess;
  /** Portal 1 or 2. */
  portal(n: 1 | 2): GameProcess;
  /** Registers a client to be closed after the file's tests; returns it. */
  track(client: TestClient): TestClient;
}

/** `before` runs first (a private PostgreSQL, say) and may add settings; `after` undoes it. */
export function clusterSuite(
  options: ClusterOptions & {
    before?: () => Promise<Record<string, string>>;
    after?: () => Promise<void>;
  },
): ClusterSuite {
  let cluster: ClusterProcess | undefined;
  const open: TestClient[] = [];
  beforeAll(async () => {
    const extra = (await options.before?.()) ?? {};
    cluster = await ClusterProcess.start({ ...options, env: { ...RELAXED_LIMITS, ...options.env, ...extra } });
  }, 120_000);
  afterAll(async () => {
    for (const client of open) client.close();
    await cluster?.stop();
    await options.after?.();
  });
  return {
    get cluster() {
      if (!cluster) throw new Error('the cluster is not started yet');
      return cluster;
    },
    portal(n) {
      const game = cluster?.portals[n - 1];
      if (!game) throw new Error(`no portal ${n}`);
      return game;
    },
    track(client) {
      open.push(client);
      return client;
    },
  };
}

/** Every line of `said`, in order, each once, in what the client read since `from`. */
export function expectSaidInOrder(client: TestClient, from: number, said: string[]): void {
  const text = client.textSince(from);
  const positions = said.map((line) => text.indexOf(`You say, "${line}"`));
  expect(
    positions.every((p, i) => p !== -1 && p > (positions[i - 1] ?? -1)),
    text,
  ).toBe(true);
  for (const line of said) expect(text.split(`You say, "${line}"`)).toHaveLength(2);
}
