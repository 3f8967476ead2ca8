/**
 * Issue 15: the bench's cluster profile runs. `npm run bench -- --smoke --cluster` starts the
 * game on one machine and as a cluster (two portals, a game-server host, a private nats-server),
 * runs capacity and latency on both at a tiny size, and writes the comparison of the two
 * (bench/README.md#the-cluster-profile). The reload stall is left to the full run: the one-machine
 * smoke runs that scenario's code, and cluster.test.ts reloads a cluster; it would double this
 * file's time in `npm test`. Its own file, so Vitest runs it beside the one-machine smoke. No
 * timing is looked at: only counts (sessions held) and that every process of the cluster was
 * measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNumberOrNull, readResults, runBench } from './benchRun.js';

const SCENARIOS = ['capacity-20', 'latency'].flatMap((id) => [`one-machine-${id}`, `cluster-${id}`]);

describe('npm run bench -- --smoke --cluster', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-cluster-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs both games and writes the comparison of one machine and the cluster', { timeout: 300_000 }, async () => {
    const { code, output } = await runBench(out, '--cluster', '--only', 'capacity,latency');
    expect(code, output).toBe(0);
    const { results, table } = readResults(out, 'smoke-cluster', SCENARIOS);

    const comparison = results.comparison ?? [];
    const metric = (m: string) => comparison.find((r) => r.metric === m);
    // Both games held every session, and the cluster's figures cover each of its processes.
    expect(metric('sessions held')).toMatchObject({ oneMachine: 20, cluster: 20, delta: 0 });
    expect(metric('… nats-server')?.oneMachine).toBeNull();
    expect(metric('… nats-server')?.cluster).toBeGreaterThan(0);
    expect(metric('… the game-server host')?.cluster).toBeGreaterThan(0);
    const cpu = comparison.find((r) => String(r.metric).startsWith('mixed: CPU per command'));
    expect(cpu?.note).toMatch(/portal-1 .*portal-2 .*host .*server .*nats-server/);
    for (const row of comparison) {
      for (const key of ['oneMachine', 'cluster', 'delta', 'ratio']) {
        expect(isNumberOrNull(row[key]), `${row.metric} ${key}`).toBe(true);
      }
    }
    expect(table).toContain('## What the extra hop costs');
    expect(table).toContain('| scenario | metric | one machine | cluster | extra hop (Δ) | ratio |');
  });
});
