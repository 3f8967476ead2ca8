/**
 * The results: one JSON file per run (`<timestamp>-<profile>.json`, every figure and the raw
 * summaries behind it) and a Markdown table (`latest-<profile>.md`) with one row per figure:
 * scenario, metric, project, baseline, ratio, target, met?
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
      'Project: the real portal + game server. Baseline: a bare Fastify + @fastify/websocket echo server. ' +
      'Ratio: project / baseline. Latencies are round trips measured by the load generator.',
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
