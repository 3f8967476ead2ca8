/**
 * Scenario 2's telnet rows: the same load as the websocket's `look` row (as many sessions as the
 * working set, a `look` a second each, for the same time), over telnet. The sessions are built
 * for these rows — each a new account created over telnet, moved to a room of ten like every
 * bench player — and closed after them, so the scenarios that follow see the usual working set.
 * While they run the websocket sessions stay connected and idle.
 *
 * The baseline is the baseline process's bare TCP line echo (src/baseline/server.ts), driven by
 * the same raw telnet client. Without a telnet listener on the portal the rows say so.
 */
import { type Bench, cpuMsPer, PASSWORD, ROOM_SIZE, range, row } from '../Bench.js';
import { homeRoom } from '../generator/messages.js';
import type { Row, ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';
import { loadDetails, runLoad } from './latency.js';

/** Session ids of the telnet rows: project and baseline, apart from every other range. */
export const TELNET_BASE = 3_000_000;
export const BASELINE_TELNET_BASE = 4_000_000;

export const telnetName = (id: number): string => `Telnet${String(id - TELNET_BASE).padStart(5, '0')}`;

const P99_TARGET = { text: '< 10 ms and ≤ 3× baseline', atMost: 10, timesBaseline: 3 };

/** Runs the telnet rows and adds them (and their details) to scenario 2's result. */
export async function withTelnetRows(bench: Bench, latency: ScenarioResult): Promise<ScenarioResult> {
  // The websocket `look` row's p99 from the same run, when the profile ran that mix.
  const look = latency.details.look as { project?: { p99?: number | null } } | undefined;
  const telnet = await telnetLatency(bench, look?.project?.p99 ?? undefined);
  latency.rows.push(...telnet.rows);
  latency.details.telnet = telnet.details;
  latency.profiles = [...(latency.profiles ?? []), ...telnet.profiles];
  return latency;
}

async function telnetLatency(
  bench: Bench,
  websocketLookP99: number | undefined,
): Promise<{ rows: Row[]; details: Record<string, unknown>; profiles: string[] }> {
  const url = bench.project.telnetUrl;
  if (!url) {
    const note = 'not measured: the portal has no telnet listener';
    bench.log(`  look over telnet: ${note}`);
    return {
      rows: [row('look over telnet p99', 'ms', null, null, P99_TARGET, note)],
      details: { skipped: note },
      profiles: [],
    };
  }
  const { durationMs, ratePerSession } = bench.profile.latency;
  const n = bench.projectIds().length;
  const ids = range(TELNET_BASE, n);
  const baseIds = range(BASELINE_TELNET_BASE, n);
  const started = Date.now();
  bench.log(`  look over telnet: creating ${n} accounts over telnet`);
  try {
    const opened = await bench.pool.open(url, 'project', ids);
    if (opened.failed > 0) throw new Error(`telnet: ${opened.failed} connections failed: ${opened.errors.join('; ')}`);
    const created = await bench.pool.auth(
      'create',
      ids,
      telnetName,
      PASSWORD,
      bench.profile.createConcurrency,
      120_000,
      ROOM_SIZE,
    );
    if (created.failed > 0) throw new Error(`telnet: ${created.failed} logins failed: ${created.errors.join('; ')}`);
    const buildS = (Date.now() - started) / 1000;
    const baseOpened = await bench.pool.open(bench.baseline.telnetUrl, 'baseline', baseIds);
    if (baseOpened.failed > 0) throw new Error(`baseline telnet: ${baseOpened.errors.join('; ')}`);
    await bench.pool.move(baseIds, (id) => homeRoom(id, ROOM_SIZE));
    await bench.settle();

    bench.log(`  look over telnet: ${n} sessions × ${ratePerSession}/s for ${durationMs / 1000} s`);
    const { value: projectRun, profiles } = await bench.profiled('latency-telnet', () =>
      bench.cpuOf('project', () => runLoad(bench, ids, ['look'], durationMs, ratePerSession)),
    );
    const project = projectRun.value;
    const { value: base, cpu: baseCpu } = await bench.cpuOf('baseline', () =>
      runLoad(bench, baseIds, ['look'], durationMs, ratePerSession),
    );
    const ps = summarize(project.latencies);
    const bs = summarize(base.latencies);
    const planned = Math.round((n * ratePerSession * durationMs) / 1000);
    const notes = [
      websocketLookP99 !== undefined ? `websocket look p99 in this run: ${websocketLookP99} ms` : undefined,
      project.aborted ? `saturated: stopped after ${project.sent} of ${planned} commands` : undefined,
      !project.aborted && project.unanswered > 0 ? `${project.unanswered} unanswered` : undefined,
    ].filter((s): s is string => s !== undefined);
    const p99 = row('look over telnet p99', 'ms', ps.p99, bs.p99, P99_TARGET, notes.join('; ') || undefined);
    if (project.aborted || project.unanswered > 0) p99.met = false;
    const rows = [
      row('look over telnet p50', 'ms', ps.p50, bs.p50),
      p99,
      row('look over telnet max', 'ms', ps.max, bs.max),
      row(
        'look over telnet: CPU per command',
        'ms',
        cpuMsPer(projectRun.cpu, project.sent),
        cpuMsPer(baseCpu, base.sent),
      ),
    ];
    return {
      rows,
      details: {
        sessions: n,
        accountsCreatedInS: Math.round(buildS * 10) / 10,
        project: { ...loadDetails(project), cpuSeconds: projectRun.cpu },
        baseline: { ...loadDetails(base), cpuSeconds: baseCpu },
        websocketLookP99: websocketLookP99 ?? null,
      },
      profiles,
    };
  } finally {
    await bench.pool.close([...ids, ...baseIds]);
  }
}
