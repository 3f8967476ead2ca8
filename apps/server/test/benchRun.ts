/**
 * Runs `npm run bench -- --smoke [...]` into a directory and checks the shape of what it wrote
 * (bench/README.md): the smoke tests of the one-machine and the cluster profile share it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function runBench(out: string, ...extra: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench.mjs', '--smoke', ...extra, '--out', out], {
      cwd: ROOT,
      // Set-up is `npm test`'s own first step; the smoke run must not install anything.
      env: { ...process.env, BENCH_SKIP_SETUP: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

export const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

export interface Results {
  schema: string;
  profile: string;
  durationS: number;
  machine: { cpus: number };
  scenarios: { id: string; title: string; error?: string; rows: Record<string, unknown>[] }[];
  comparison?: Record<string, unknown>[];
}

/** Reads the run's JSON file and table and checks their shape: every scenario ran, every figure a number or null. */
export function readResults(out: string, profile: string, scenarios: string[]): { results: Results; table: string } {
  const files = readdirSync(out);
  const jsonFile = files.find((f) => f.endsWith(`-${profile}.json`));
  expect(jsonFile, files.join(', ')).toBeDefined();
  expect(files).toContain(`latest-${profile}.md`);

  const results = JSON.parse(readFileSync(join(out, jsonFile as string), 'utf8')) as Results;
  expect(results.schema).toBe('webmud-bench/1');
  expect(results.profile).toBe(profile);
  expect(typeof results.durationS).toBe('number');
  expect(results.machine.cpus).toBeGreaterThan(0);
  expect(results.scenarios.map((s) => s.id)).toEqual(scenarios);
  for (const scenario of results.scenarios) {
    expect(scenario.error, `${scenario.id}: ${scenario.error}`).toBeUndefined();
    expect(scenario.rows.length, scenario.id).toBeGreaterThan(0);
    for (const row of scenario.rows) {
      expect(typeof row.metric).toBe('string');
      expect(typeof row.unit).toBe('string');
      expect(isNumberOrNull(row.project), `${scenario.id} ${row.metric}`).toBe(true);
      expect(isNumberOrNull(row.baseline), `${scenario.id} ${row.metric}`).toBe(true);
      expect(isNumberOrNull(row.ratio), `${scenario.id} ${row.metric}`).toBe(true);
      expect([true, false, null]).toContain(row.met);
    }
  }

  const table = readFileSync(join(out, `latest-${profile}.md`), 'utf8');
  expect(table).toContain('| scenario | metric | project | baseline | ratio | target | met? |');
  for (const scenario of results.scenarios) expect(table).toContain(scenario.title);
  return { results, table };
}
