/**
 * Scenario 6, saturation: the working set's total command rate is raised step by step, per
 * command mix; the figure is the first rate at which the p99 round trip passes 50 ms (a step
 * that had to stop early because a command waited half a second counts as passing it). The same
 * steps run on the baseline.
 */
import type { Bench } from '../Bench.js';
import { row } from '../Bench.js';
import type { Mix } from '../profiles.js';
import type { Row, ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';
import { runLoad } from './latency.js';

const LIMIT_MS = 50;

interface Step {
  rate: number;
  p50: number | null;
  p99: number | null;
  sent: number;
  answered: number;
  aborted: boolean;
  generatorLagP99: number;
}

interface Ramp {
  steps: Step[];
  saturatedAt: number | null;
}

async function ramp(bench: Bench, ids: number[], mix: Mix, rates: number[]): Promise<Ramp> {
  const steps: Step[] = [];
  for (const rate of rates) {
    const r = await runLoad(bench, ids, mix.mix, bench.profile.saturation.stepMs, rate / ids.length);
    const s = summarize(r.latencies);
    steps.push({
      rate,
      p50: s.p50,
      p99: s.p99,
      sent: r.sent,
      answered: r.answered,
      aborted: r.aborted,
      generatorLagP99: Math.round(r.scheduleLagP99 * 100) / 100,
    });
    await bench.settle(500);
    if (r.aborted || s.p99 === null || s.p99 > LIMIT_MS) return { steps, saturatedAt: rate };
  }
  return { steps, saturatedAt: null };
}

const lastGood = (r: Ramp) => r.steps.filter((s) => s.rate !== r.saturatedAt).at(-1)?.rate ?? null;

export async function saturation(bench: Bench): Promise<ScenarioResult> {
  const ids = bench.projectIds();
  const baseIds = bench.baselineIds();
  const rows: Row[] = [];
  const details: Record<string, unknown> = { sessions: ids.length, stepMs: bench.profile.saturation.stepMs };
  const profiles: string[] = [];
  for (const m of bench.profile.saturation.ramps) {
    bench.log(`  ${m.label}: ${m.rates[0]} → ${m.rates.at(-1)} commands/s over ${ids.length} sessions`);
    const { value: project, profiles: p } = await bench.profiled(`saturation-${m.label.replace(/ /g, '')}`, () =>
      ramp(bench, ids, m, m.rates),
    );
    profiles.push(...p);
    const base = await ramp(bench, baseIds, m, m.rates);
    const top = m.rates.at(-1) ?? 0;
    rows.push(
      row(
        `${m.label}: rate at which p99 passes ${LIMIT_MS} ms`,
        'cmd/s',
        project.saturatedAt,
        base.saturatedAt,
        undefined,
        project.saturatedAt === null || base.saturatedAt === null ? `— means not reached at ${top} cmd/s` : undefined,
      ),
      row(`${m.label}: highest rate with p99 under ${LIMIT_MS} ms`, 'cmd/s', lastGood(project), lastGood(base)),
    );
    details[m.label] = { mix: m.mix, project: project.steps, baseline: base.steps };
  }
  return { id: 'saturation', title: '6. Saturation', rows, details, profiles };
}
