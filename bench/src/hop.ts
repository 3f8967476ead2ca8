/**
 * What the extra hop costs: a cluster run's figures for the game on one machine beside the same
 * figures for the cluster (two portals + game-server host over NATS), measured under the same load
 * in the same run — latency deltas, CPU per command summed over every process (nats-server
 * included) and split by process, resident memory of each process. Built from the scenarios'
 * details, so nothing here measures anything itself.
 */
import type { CpuSeconds } from './Bench.js';
import type { HopRow, ScenarioResult } from './report.js';
import { ratio, round } from './stats.js';

/** The scenarios of both games by their own id (`capacity-1000`, `latency`, `reload`). */
export type ById = Record<string, ScenarioResult | undefined>;

const MB = 2 ** 20;

function hop(
  scenario: string,
  metric: string,
  unit: string,
  one: number | null,
  cluster: number | null,
  note?: string,
) {
  const r: HopRow = {
    scenario,
    metric,
    unit,
    oneMachine: round(one, 3),
    cluster: round(cluster, 3),
    delta: one === null || cluster === null ? null : round(cluster - one, 3),
    ratio: ratio(cluster, one),
  };
  if (note) r.note = note;
  return r;
}

/** A row's figure by its metric's start (metric names carry the target's process list). */
function rowValue(s: ScenarioResult | undefined, metric: string): number | null {
  return s?.rows.find((r) => r.metric.startsWith(metric))?.project ?? null;
}

/** `portal-1 0.12, host 0.05, …` ms per unit. */
function split(cpu: CpuSeconds | undefined, units: number): string | undefined {
  if (!cpu || units <= 0) return undefined;
  return Object.entries(cpu.parts)
    .map(([role, s]) => `${role} ${((s * 1000) / units).toFixed(3)}`)
    .join(', ');
}

const perUnit = (cpu: CpuSeconds | undefined, units: number) =>
  cpu && units > 0 ? round((cpu.total * 1000) / units, 3) : null;

interface MemoryDetails {
  gc: number;
  parts: Record<string, number>;
}

/** The portals' part of a memory reading: `portal` on one machine, `portal-N` in a cluster. */
const portalsOf = (parts: Record<string, number>) =>
  Object.entries(parts)
    .filter(([role]) => role === 'portal' || role.startsWith('portal-'))
    .reduce((a, [, b]) => a + b, 0);

function capacityRows(id: string, one: ScenarioResult | undefined, cluster: ScenarioResult | undefined): HopRow[] {
  const title = `Capacity ${id.slice('capacity-'.length)}`;
  const mem = (s: ScenarioResult | undefined) =>
    (s?.details.memory as { project?: MemoryDetails } | undefined)?.project ?? { gc: 0, parts: {} };
  const [a, b] = [mem(one), mem(cluster)];
  const part = (m: MemoryDetails, role: string) => (m.parts[role] !== undefined ? (m.parts[role] ?? 0) / MB : null);
  const build = (s: ScenarioResult | undefined) =>
    s?.details.build as { created: number; cpuSeconds: CpuSeconds } | undefined;
  const [ba, bb] = [build(one), build(cluster)];
  const each = Object.entries(b.parts)
    .map(([role, bytes]) => `${role} ${(bytes / MB).toFixed(0)}`)
    .join(', ');
  return [
    hop(title, 'sessions held', '', rowValue(one, 'sessions held'), rowValue(cluster, 'sessions held')),
    hop(
      title,
      'sessions answering `look me`',
      '',
      rowValue(one, 'sessions answering'),
      rowValue(cluster, 'sessions answering'),
    ),
    hop(
      title,
      '`look me` p99, all sessions within a second',
      'ms',
      rowValue(one, '`look me` p99'),
      rowValue(cluster, '`look me` p99'),
    ),
    hop(
      title,
      'memory per session, after GC (all processes)',
      'KB',
      rowValue(one, 'memory per session, after GC'),
      rowValue(cluster, 'memory per session, after GC'),
    ),
    hop(
      title,
      'live JS memory per session (V8 heap + external, after GC)',
      'KB',
      rowValue(one, 'live JS memory per session'),
      rowValue(cluster, 'live JS memory per session'),
    ),
    hop(
      title,
      'resident memory after GC, all processes',
      'MB',
      a.gc / MB || null,
      b.gc / MB || null,
      `cluster: ${each} MB`,
    ),
    hop(title, '… of it the portal(s)', 'MB', portalsOf(a.parts) / MB || null, portalsOf(b.parts) / MB || null),
    hop(title, '… the game server', 'MB', part(a, 'server'), part(b, 'server')),
    hop(title, '… the game-server host', 'MB', part(a, 'host'), part(b, 'host')),
    hop(title, '… nats-server', 'MB', part(a, 'nats-server'), part(b, 'nats-server')),
    hop(
      title,
      'CPU per account creation, all processes',
      'ms',
      perUnit(ba?.cpuSeconds, ba?.created ?? 0),
      perUnit(bb?.cpuSeconds, bb?.created ?? 0),
      bb ? `cluster: ${split(bb.cpuSeconds, bb.created)} ms` : undefined,
    ),
  ];
}

interface LoadDetails {
  p50: number | null;
  p99: number | null;
  max: number | null;
  sent: number;
  aborted: boolean;
  unanswered: number;
  cpuSeconds: CpuSeconds;
}

function latencyRows(one: ScenarioResult | undefined, cluster: ScenarioResult | undefined): HopRow[] {
  const rows: HopRow[] = [];
  const mixes = Object.entries(one?.details ?? cluster?.details ?? {}).filter(
    ([, v]) => typeof v === 'object' && v !== null && 'mix' in v && 'project' in v,
  );
  for (const [label] of mixes) {
    const get = (s: ScenarioResult | undefined) =>
      (s?.details[label] as { project?: LoadDetails } | undefined)?.project;
    const [a, b] = [get(one), get(cluster)];
    const trouble = (d: LoadDetails | undefined) =>
      d?.aborted ? 'saturated' : d && d.unanswered > 0 ? `${d.unanswered} unanswered` : undefined;
    const note = [trouble(a) && `one machine ${trouble(a)}`, trouble(b) && `cluster ${trouble(b)}`]
      .filter(Boolean)
      .join('; ');
    const t = 'Command latency';
    rows.push(
      hop(t, `${label} p50`, 'ms', a?.p50 ?? null, b?.p50 ?? null),
      hop(t, `${label} p99`, 'ms', a?.p99 ?? null, b?.p99 ?? null, note || undefined),
      hop(t, `${label} max`, 'ms', a?.max ?? null, b?.max ?? null),
      hop(
        t,
        `${label}: CPU per command, all processes`,
        'ms',
        perUnit(a?.cpuSeconds, a?.sent ?? 0),
        perUnit(b?.cpuSeconds, b?.sent ?? 0),
        b ? `cluster: ${split(b.cpuSeconds, b.sent)} ms` : undefined,
      ),
    );
  }
  return rows;
}

function reloadRows(one: ScenarioResult | undefined, cluster: ScenarioResult | undefined): HopRow[] {
  const metrics: [string, string][] = [
    ['worst wait of a command sent during the reload', 'ms'],
    ['reload → first command answered', 'ms'],
    ['reload → first command answered by the new game server', 'ms'],
    ['disconnects', ''],
    ['commands lost', ''],
  ];
  // `reload → first command answered` is a prefix of the next metric: match whole names here.
  const exact = (s: ScenarioResult | undefined, m: string) =>
    s?.rows.find((r) => r.metric === m || r.metric.startsWith(`${m} (`))?.project ?? null;
  return metrics.map(([m, unit]) => hop('Reload stall', m, unit, exact(one, m), exact(cluster, m)));
}

/** The comparison rows, scenario by scenario, for whatever both games ran. */
export function hopRows(one: ById, cluster: ById): HopRow[] {
  const rows: HopRow[] = [];
  for (const id of Object.keys(one).filter((k) => k.startsWith('capacity-'))) {
    if (one[id] || cluster[id]) rows.push(...capacityRows(id, one[id], cluster[id]));
  }
  if (one.latency || cluster.latency) rows.push(...latencyRows(one.latency, cluster.latency));
  if (one.reload || cluster.reload) rows.push(...reloadRows(one.reload, cluster.reload));
  return rows;
}
