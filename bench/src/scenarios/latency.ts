/**
 * Scenario 2, command latency: every working-set session sends a command per second (open loop:
 * on schedule whether or not the last one was answered) for the profile's duration, once per
 * command mix; round trips against the baseline's echo at the same rate.
 *
 * Sessions are in rooms of ten (the bench game's `+room`; the baseline groups its connections
 * the same way), so a `say` reaches nine others and `look` lists nine names, as in a game whose
 * players are spread over its rooms; scenario 3 measures one room of the whole working set.
 * `look me` (a description of oneself) is the same round trip without the room: the
 * command pipeline alone. When a target falls behind, the run stops sending once a command has
 * waited half a second, and says so.
 */
import { type Bench, cpuMsPer, row } from '../Bench.js';
import type { CommandKind, LoadResult } from '../generator/messages.js';
import type { Row, ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';

/** A run stops sending once a command has waited this long (the target is saturated). */
export const ABORT_AFTER_MS = 500;

export async function runLoad(bench: Bench, ids: number[], mix: CommandKind[], durationMs: number, rate: number) {
  return bench.pool.load(ids, {
    ratePerSession: rate,
    durationMs,
    mix,
    drainMs: 10_000,
    // A command half a second old fails every target here by ten times; beyond it the figures
    // only measure the queue, and a longer backlog only delays the next measurement.
    abortAfterMs: ABORT_AFTER_MS,
    maxOutstanding: Math.max(50, Math.ceil(ids.length * rate * 2)),
    records: false,
  });
}

export function loadDetails(r: LoadResult) {
  return {
    ...summarize(r.latencies),
    sent: r.sent,
    answered: r.answered,
    unanswered: r.unanswered,
    aborted: r.aborted,
    framesReceived: r.framesReceived,
    generatorScheduleLagP99: Math.round(r.scheduleLagP99 * 1000) / 1000,
    generatorScheduleLagMax: Math.round(r.scheduleLagMax * 1000) / 1000,
  };
}

export async function latency(bench: Bench): Promise<ScenarioResult> {
  const { durationMs, ratePerSession, mixes } = bench.profile.latency;
  const ids = bench.projectIds();
  const baseIds = bench.baselineIds();
  const rows: Row[] = [];
  const details: Record<string, unknown> = {
    sessions: ids.length,
    ratePerSession,
    durationMs,
    commandsPerSecond: ids.length * ratePerSession,
  };
  const profiles: string[] = [];
  for (const { label, mix } of mixes) {
    bench.log(`  ${label}: ${ids.length} sessions × ${ratePerSession}/s for ${durationMs / 1000} s`);
    const { value: projectRun, profiles: p } = await bench.profiled(`latency-${label}`, () =>
      bench.cpuOf('project', () => runLoad(bench, ids, mix, durationMs, ratePerSession)),
    );
    profiles.push(...p);
    const project = projectRun.value;
    const { value: base, cpu: baseCpu } = await bench.cpuOf('baseline', () =>
      runLoad(bench, baseIds, mix, durationMs, ratePerSession),
    );
    const ps = summarize(project.latencies);
    const bs = summarize(base.latencies);
    const planned = Math.round((ids.length * ratePerSession * durationMs) / 1000);
    const note = project.aborted
      ? `saturated: stopped after ${project.sent} of ${planned} commands`
      : project.unanswered > 0
        ? `${project.unanswered} unanswered`
        : undefined;
    if (base.aborted) bench.log(`  (the baseline saturated too on ${label})`);
    rows.push(
      row(`${label} p50`, 'ms', ps.p50, bs.p50),
      row(`${label} p99`, 'ms', ps.p99, bs.p99, { text: '≤ 2× baseline', timesBaseline: 2 }, note),
      row(`${label} max`, 'ms', ps.max, bs.max),
      row(`${label}: CPU per command`, 'ms', cpuMsPer(projectRun.cpu, project.sent), cpuMsPer(baseCpu, base.sent)),
    );
    const p99Row = rows[rows.length - 3];
    if (p99Row && (project.aborted || project.unanswered > 0)) p99Row.met = false;
    details[label] = {
      mix,
      project: { ...loadDetails(project), cpuSeconds: projectRun.cpu },
      baseline: { ...loadDetails(base), cpuSeconds: baseCpu },
    };
  }
  return { id: 'latency', title: '2. Command latency', rows, details, profiles };
}
