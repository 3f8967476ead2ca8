/**
 * Issue 7: the benchmark harness itself runs. `npm run bench -- --smoke` starts the real game,
 * the baseline server and a load generator, runs every scenario at a tiny size, and must write a
 * well-formed results file. Nothing here looks at a figure: benchmarks are not tests of speed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCENARIOS = ['startup', 'capacity-20', 'latency', 'fanout', 'saturation', 'storm', 'reload'];

function runBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench.mjs', '--smoke', '--out', out], {
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

const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

describe('npm run bench -- --smoke', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every scenario and writes a well-formed results file and table', { timeout: 300_000 }, async () => {
    const { code, output } = await runBench(out);
    expect(code, output).toBe(0);

    const files = readdirSync(out);
    const jsonFile = files.find((f) => f.endsWith('-smoke.json'));
    expect(jsonFile, files.join(', ')).toBeDefined();
    expect(files).toContain('latest-smoke.md');

    const results = JSON.parse(readFileSync(join(out, jsonFile as string), 'utf8'));
    expect(results.schema).toBe('webmud-bench/1');
    expect(results.profile).toBe('smoke');
    expect(typeof results.durationS).toBe('number');
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.scenarios.map((s: { id: string }) => s.id)).toEqual(SCENARIOS);
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

    const table = readFileSync(join(out, 'latest-smoke.md'), 'utf8');
    expect(table).toContain('| scenario | metric | project | baseline | ratio | target | met? |');
    for (const scenario of results.scenarios) expect(table).toContain(scenario.title);
  });
});
