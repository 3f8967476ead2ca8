/**
 * Issue 7: the benchmark harness itself runs. `npm run bench -- --smoke` starts the real game,
 * the baseline server and a load generator, runs every scenario at a tiny size, and must write a
 * well-formed results file. Nothing here looks at a figure: benchmarks are not tests of speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults, runBench } from './benchRun.js';

const SCENARIOS = ['startup', 'capacity-20', 'latency', 'fanout', 'saturation', 'storm', 'chargen', 'reload'];

describe('npm run bench -- --smoke', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every scenario and writes a well-formed results file and table', { timeout: 300_000 }, async () => {
    const { code, output } = await runBench(out);
    expect(code, output).toBe(0);
    const { results } = readResults(out, 'smoke', SCENARIOS);
    expect(results.comparison).toBeUndefined();
  });
});
