/**
 * The results: one JSON file per run (`<timestamp>-<profile>.json`, every figure and the raw
 * summaries behind it) and a Markdown table (`latest-<profile>.md`) with one row per figure:
 * scenario, metric, project, baseline, ratio, target, met? A cluster run (profile
 * `<size>-cluster`) adds a second table: one machine against the cluster, figure by figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS_SCHEMA = 'webmud-bench/1';

/** A target a figure is held to; `met` is computed from it (lower is better unless `atLeast`). */
export interface Target {
  text: string;
  /** The project's figure must be at most this... */
  atMost?: number;
  /** ...or at least this... */
  atLeast?: number;
  /** ...and at most this many times the baseline's. */
  timesBaseline?: number;
}

export interface Row {
  metric: string;
  unit: string;
  project: number | null;
  baseline: number | null;
  /** project / baseline. */
  ratio: number | null;
  target: string | null;
  /** null: no target, or it could not be judged in this run. */
  met: boolean | null;
  note?: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  rows: Row[];
  /** Raw summaries and counts behind the rows. */
  details: Record<string, unknown>;
  /** CPU profile summaries, when the run was made with --cpu-prof. */
  profiles?: string[];
  error?: string;
}

/** One figure of a cluster run's comparison: the game on one machine against the cluster. */
export interface HopRow {
  scenario: string;
  metric: string;
  unit: string;
  oneMachine: number | null;
  cluster: number | null;
  /** cluster − one machine. */
  delta: number | null;
  /** cluster / one machine. */
  ratio: number | null;
  note?: string;
}

export interface RunResults {
  schema: typeof RESULTS_SCHEMA;
  profile: string;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryMiB: number;
    node: string;
    platform: string;
    fdLimit: string;
  };
  settings: Record<string, unknown>;
  scenarios: ScenarioResult[];
  /** A cluster run's comparison: what the extra hop costs (hop.ts). */
  comparison?: HopRow[];
  notes: string[];
}

export function judge(target: Target | undefined, project: number | null, baseline: number | null): boolean | null {
  if (!target) return null;
  if (project === null) return false;
  if (target.atMost !== undefined && project > target.atMost) return false;
  if (target.atLeast !== undefined && project < target.atLeast) return false;
  if (target.timesBaseline !== undefined) {
    if (baseline === null) return null;
    if (project > target.timesBaseline * baseline) return false;
  }
  return true;
}

export function machine(fdLimit: string): RunResults['machine'] {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    fdLimit,
  };
}

function cell(value: number | null, unit: string): string {
  if (value === null) return '—';
  const text = Number.isInteger(value)
    ? value.toLocaleString('en')
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 10
        ? value.toFixed(1)
        : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

export function markdown(results: RunResults): string {
  const lines = [
    `# Benchmark results: ${results.profile} profile`,
    '',
    `Run ${results.startedAt} (${results.durationS.toFixed(0)} s) on ${results.machine.cpus} × ${results.machine.cpuModel}, ` +
      `${results.machine.memoryMiB} MiB, Node ${results.machine.node}, \`ulimit -n\` ${results.machine.fdLimit}. ` +
      (results.comparison
        ? 'Project: the real game, on one machine or as a cluster (the scenario says which). '
        : 'Project: the real portal + game server. ') +
      'Baseline: a bare Fastify + @fastify/websocket echo server. ' +
      'Ratio: project / baseline. Latencies are round trips measured by the load generator.' +
      (results.comparison
        ? ' Rows of "One machine" are the game as `npm start` runs it; rows of "Cluster" are two portals and ' +
          'a game-server host over a private nats-server (docs/cluster.md), the sessions spread over both portals.'
        : ''),
    '',
    '| scenario | metric | project | baseline | ratio | target | met? |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of results.scenarios) {
    if (s.error) lines.push(`| ${s.title} | **failed**: ${s.error.split('\n')[0]} | | | | | no |`);
    for (const r of s.rows) {
      const met = r.met === null ? '—' : r.met ? 'yes' : '**no**';
      lines.push(
        `| ${s.title} | ${r.metric}${r.note ? ` (${r.note})` : ''} | ${cell(r.project, r.unit)} | ${cell(r.baseline, r.unit)} | ` +
          `${r.ratio === null ? '—' : `${r.ratio}×`} | ${r.target ?? '—'} | ${met} |`,
      );
    }
  }
  if (results.comparison) lines.push(...comparisonTable(results.comparison));
  if (results.notes.length > 0) lines.push('', ...results.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Writes `<stamp>-<profile>.json` and `latest-<profile>.md`; returns their paths. */
export function writeResults(dir: string, results: RunResults): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `${stamp}-${results.profile}.json`);
  const md = join(dir, `latest-${results.profile}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, markdown(results));
  return { json, md };
}

function comparisonTable(rows: HopRow[]): string[] {
  const delta = (r: HopRow) => (r.delta === null ? '—' : `${r.delta > 0 ? '+' : ''}${cell(r.delta, r.unit)}`);
  return [
    '',
    '## What the extra hop costs',
    '',
    'The same load on the game on one machine and on the cluster, in this run. CPU per command is the CPU time ' +
      'of every process of the game (the cluster: both portals, the host, the game server and nats-server) ' +
      'over the run and its settling, divided by the commands sent.',
    '',
    '| scenario | metric | one machine | cluster | extra hop (Δ) | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.metric}${r.note ? ` (${r.note})` : ''} | ${cell(r.oneMachine, r.unit)} | ` +
        `${cell(r.cluster, r.unit)} | ${delta(r)} | ${r.ratio === null ? '—' : `${r.ratio}×`} |`,
    ),
  ];
}
