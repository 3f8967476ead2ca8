/**
 * The cluster profile (`npm run bench -- --cluster`, bench/README.md#the-cluster-profile): the
 * same game on one machine and as a cluster (two portals + game-server host over a private
 * nats-server), both running at once beside the baseline, each scenario run on one and then on
 * the other under the same load: capacity at the working-set size (sessions held, memory), command
 * latency (the websocket mixes), reload stall. Then the comparison, what the extra hop costs.
 */
import type { Bench } from './Bench.js';
import { type ById, hopRows } from './hop.js';
import { prepare } from './oneMachineRun.js';
import type { Runner } from './Runner.js';
import type { ScenarioResult } from './report.js';
import { capacity, type IdleMemory, memoryOf } from './scenarios/capacity.js';
import { latency } from './scenarios/latency.js';
import { reloadStall } from './scenarios/reload.js';

export const ONE_MACHINE = { id: 'one-machine', title: 'One machine' };
export const CLUSTER = { id: 'cluster', title: 'Cluster' };

export async function clusterRun(runner: Runner, one: Bench, cluster: Bench, only: Set<string>): Promise<void> {
  const baselineIdle = await memoryOf(one.baseline);
  const games: { bench: Bench; label: typeof CLUSTER; idle: IdleMemory; results: ById }[] = [];
  for (const [bench, label] of [
    [one, ONE_MACHINE],
    [cluster, CLUSTER],
  ] as const) {
    const idle = await prepare(runner, bench, baselineIdle, label.title.toLowerCase());
    games.push({ bench, label, idle, results: {} });
  }

  /** Runs a scenario on each game in turn, keeping each result under the scenario's own id. */
  const both = async (id: string, fn: (bench: Bench, idle: IdleMemory) => Promise<ScenarioResult>) => {
    for (const g of games) {
      const result = await runner.attempt(g.bench, id, () => fn(g.bench, g.idle), { label: g.label });
      // The runner prefixed the id; the comparison pairs results by the scenario's own.
      if (result) g.results[result.id.slice(g.label.id.length + 1)] = result;
    }
  };

  const n = one.profile.sessions;
  await both('capacity', async (bench, idle) => (await capacity(bench, n, idle)).result);
  for (const g of games) {
    if (g.bench.projectPlayers < n) throw new Error(`${g.label.title}: the working set could not be built`);
  }
  if (only.has('latency')) await both('latency', (bench) => latency(bench));
  if (only.has('reload')) await both('reload', (bench) => reloadStall(bench));
  runner.results.comparison = hopRows(games[0]?.results ?? {}, games[1]?.results ?? {});
}
