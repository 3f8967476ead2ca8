/**
 * The soak's memory verdict (README.md#soak): is the live heap after a forced GC growing
 * with churn, or only warming up?
 *
 * Samples come from the processes' heap probe (`heap-samples.jsonl`, one line per SIGUSR2). The
 * soak cuts the warm-up of the run, and of each process's own life (the game server is replaced at
 * every reload, and a new one fills its caches first), groups the rest by process, and fits ONE
 * slope per role over all its processes with an intercept per process (a pooled within-process
 * least-squares fit): a reload's fresh, smaller heap is not mistaken for a shrink, nor the next
 * process's larger start for growth. A role fails when that slope is above the bound.
 *
 * What is judged is the heap's data: the live heap minus compiled code (`codeUsed`). A heap
 * snapshot diff of a game server four and six minutes into its life showed nearly all of its
 * growth was JIT code (README.md#soak) — warm-up bounded by the program, not by churn.
 */
import { HEAP_SAMPLES_FILE, type HeapSample as ProbeSample } from '@mud/server/testing';

/**
 * One line of `heap-samples.jsonl`, as the processes' heap probe writes it; `codeUsed` may be
 * absent in samples from before it was recorded.
 */
export type HeapSample = Omit<ProbeSample, 'codeUsed'> & { codeUsed?: number };
const MB = 1024 * 1024;

/** The heap's data: live heap after GC minus compiled code, MB. */
export const dataMb = (s: HeapSample): number => (s.heapUsed - (s.codeUsed ?? 0)) / MB;

export { HEAP_SAMPLES_FILE };

export interface HeapVerdictOptions {
  /** Epoch ms: samples before it are the run's warm-up. */
  warmUpEndsAt: number;
  /** Seconds of a process's own life that count as its warm-up. */
  processWarmUpSeconds: number;
  /** A process needs this many samples after the cuts to count. */
  minSamples: number;
  /** Bound on the slope, MB per hour. */
  maxGrowthMbPerHour: number;
  /** The judged samples of a role must span at least this long, ms, or it is not judged. */
  minSpanMs: number;
}

export interface ProcessSeries {
  pid: number;
  samples: number;
  firstMb: number;
  lastMb: number;
  slopeMbPerHour: number;
}

export interface RoleVerdict {
  role: string;
  /** Pooled slope of heap-after-GC, MB per hour; null when there was too little to judge. */
  slopeMbPerHour: number | null;
  judgedSamples: number;
  judgedSpanMinutes: number;
  processes: ProcessSeries[];
  ok: boolean;
  /** Why it failed or was not judged. */
  reason?: string;
}

const HOUR = 3_600_000;
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** Least-squares slope shared by every group, each group with its own intercept; 0 if undefined. */
export function pooledSlope(groups: readonly (readonly [x: number, y: number][])[]): number {
  let num = 0;
  let den = 0;
  for (const points of groups) {
    if (points.length < 2) continue;
    const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
    const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
    for (const [x, y] of points) {
      num += (x - mx) * (y - my);
      den += (x - mx) ** 2;
    }
  }
  return den === 0 ? 0 : num / den;
}

export function judgeRole(role: string, all: readonly HeapSample[], options: HeapVerdictOptions): RoleVerdict {
  const byPid = new Map<number, HeapSample[]>();
  for (const s of all) {
    if (s.role !== role || s.at < options.warmUpEndsAt || s.uptime < options.processWarmUpSeconds) continue;
    const list = byPid.get(s.pid) ?? [];
    list.push(s);
    byPid.set(s.pid, list);
  }
  const groups: [number, number][][] = [];
  const processes: ProcessSeries[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let judgedSamples = 0;
  for (const [pid, list] of byPid) {
    if (list.length < options.minSamples) continue;
    list.sort((a, b) => a.at - b.at);
    const points = list.map((s) => [s.at / HOUR, dataMb(s)] as [number, number]);
    groups.push(points);
    judgedSamples += list.length;
    first = Math.min(first, (list[0] as HeapSample).at);
    last = Math.max(last, (list.at(-1) as HeapSample).at);
    processes.push({
      pid,
      samples: list.length,
      firstMb: round(dataMb(list[0] as HeapSample)),
      lastMb: round(dataMb(list.at(-1) as HeapSample)),
      slopeMbPerHour: round(pooledSlope([points])),
    });
  }
  const span = groups.length === 0 ? 0 : last - first;
  const judgedSpanMinutes = round(span / 60_000, 1);
  if (groups.length === 0 || span < options.minSpanMs) {
    return {
      role,
      slopeMbPerHour: null,
      judgedSamples,
      judgedSpanMinutes,
      processes,
      ok: false,
      reason:
        `${role}: too little heap data after the warm-up to judge ` +
        `(${judgedSamples} samples over ${judgedSpanMinutes} min; a longer run is needed)`,
    };
  }
  const slopeMbPerHour = round(pooledSlope(groups));
  const ok = slopeMbPerHour <= options.maxGrowthMbPerHour;
  return {
    role,
    slopeMbPerHour,
    judgedSamples,
    judgedSpanMinutes,
    processes,
    ok,
    ...(ok
      ? {}
      : {
          reason: `${role}: heap data after GC grows ${slopeMbPerHour} MB/hour, above the bound of ${options.maxGrowthMbPerHour} MB/hour`,
        }),
  };
}

/** Parses `heap-samples.jsonl`; lines that are not a sample (a torn last line) are skipped. */
export function parseHeapSamples(text: string): HeapSample[] {
  const samples: HeapSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const s = JSON.parse(line) as HeapSample;
      if (typeof s.pid === 'number' && typeof s.at === 'number' && typeof s.heapUsed === 'number') samples.push(s);
    } catch {
      // skipped
    }
  }
  return samples;
}

/** A game server's first seconds are its own warm-up (it is new after every reload). */
export const PROCESS_WARM_UP_SECONDS = 30;
export const MIN_SAMPLES_PER_PROCESS = 4;

export interface HeapJudgement {
  /** false when the run was too short for a verdict (shorter than the warm-up plus 2 minutes). */
  judged: boolean;
  maxGrowthMbPerHour: number;
  warmUpMs: number;
  roles: RoleVerdict[];
  /** Why the run fails on memory; empty when it passes or was not judged. */
  reasons: string[];
}

/**
 * Judges the portal and the game server from the samples of a run that began at `begin` (epoch
 * ms) and lasted `durationMs`. A role must have samples over at least half of the judged window.
 */
export function judgeHeap(
  samples: readonly HeapSample[],
  run: { begin: number; durationMs: number; warmUpMs: number; maxGrowthMbPerHour: number },
): HeapJudgement {
  const window = run.durationMs - run.warmUpMs;
  const judged = window >= 120_000;
  const options: HeapVerdictOptions = {
    warmUpEndsAt: run.begin + run.warmUpMs,
    processWarmUpSeconds: PROCESS_WARM_UP_SECONDS,
    minSamples: MIN_SAMPLES_PER_PROCESS,
    maxGrowthMbPerHour: run.maxGrowthMbPerHour,
    minSpanMs: window / 2,
  };
  const roles = ['portal', 'server'].map((role) => judgeRole(role, samples, options));
  return {
    judged,
    maxGrowthMbPerHour: run.maxGrowthMbPerHour,
    warmUpMs: run.warmUpMs,
    roles,
    reasons: judged ? roles.flatMap((r) => (r.reason ? [r.reason] : [])) : [],
  };
}
