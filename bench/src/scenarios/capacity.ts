/**
 * Scenario 1, capacity: logged-in, puppeting sessions held at each stage, the resident memory of
 * the game's processes per session (portal + game server on one machine; portals, host, game
 * server and nats-server in a cluster), and whether every session still answers a command.
 *
 * Per-session memory is marginal — (RSS with n sessions − RSS with none) / n — so the processes'
 * fixed cost (V8, SQLite, argon2's per-thread arenas, warmed up before the idle reading) is
 * not spread over the sessions. It is read twice: as found, and after a full garbage collection
 * in every process (the preload's SIGWINCH), which is the figure held to the target: what a
 * session keeps alive, not what the last scenario left for the collector.
 */
import { BASELINE_BASE, type Bench, cpuMsPer, range, row } from '../Bench.js';
import type { Row, ScenarioResult } from '../report.js';
import { round, summarize } from '../stats.js';
import { collectGarbage, type HeapStats, type Target } from '../targets.js';

export interface Memory {
  /** Resident memory as found. */
  raw: number;
  /** Resident memory after a full GC. */
  gc: number;
  parts: Record<string, number>;
  /** V8's live heap plus memory held outside it (buffers), after the GC. */
  live: number | null;
  heap?: HeapStats;
}

export interface IdleMemory {
  /** Portal + game server after start-up, the superuser and the warm-up logins; no other session. */
  project: Memory;
  /** The baseline server after start-up, no connection. */
  baseline: Memory;
}

/** The stage before, to report what each session added between stages costs. */
export interface PreviousStage {
  n: number;
  /** Resident memory after GC. */
  project: number;
  baseline: number;
  /** Live JS memory after GC. */
  projectLive: number | null;
  baselineLive: number | null;
}

const KB = 1024;
const MB = 1024 * 1024;

export async function memoryOf(target: Target): Promise<Memory> {
  const raw = (await target.rss()).total;
  const heap = await collectGarbage(target);
  const after = await target.rss();
  const live = heap ? heap.heapUsed + heap.external : null;
  return heap
    ? { raw, gc: after.total, parts: after.parts, live, heap }
    : { raw, gc: after.total, parts: after.parts, live };
}

export async function capacity(
  bench: Bench,
  n: number,
  idle: IdleMemory,
  previous?: PreviousStage,
  largest = false,
): Promise<{ result: ScenarioResult; stage: PreviousStage }> {
  // Issue 17's target is for the largest stage; the smaller ones keep the first round's.
  const perSessionTarget = largest ? { text: '≤ 10 KB', atMost: 10 } : { text: '< 20 KB', atMost: 20 };
  const { value: built, cpu: buildCpu } = await bench.cpuOf('project', () => bench.growProject(n));
  const projectMem = await memoryOf(bench.project);
  const probe = await bench.pool.probe(bench.projectIds(n), 'lookme', Math.max(1000, n / 2), 60_000);
  await bench.settle();

  await bench.growBaseline(n);
  await bench.settle(1000);
  const baselineMem = await memoryOf(bench.baseline);
  const baseProbe = await bench.pool.probe(range(BASELINE_BASE, n), 'lookme', Math.max(1000, n / 2), 60_000);
  await bench.settle();

  const per = (now: number, before: number, count: number) => (now - before) / count / KB;
  const createCpu = cpuMsPer(buildCpu, built.created);
  const stats = await bench.pool.stats();
  const rows: Row[] = [
    row('sessions held', '', bench.projectPlayers, bench.baselineSessions, {
      text: `≥ ${n.toLocaleString('en')}`,
      atLeast: n,
    }),
    row(
      `memory per session, after GC (${bench.project.roles.join(' + ')})`,
      'KB',
      per(projectMem.gc, idle.project.gc, n),
      per(baselineMem.gc, idle.baseline.gc, n),
      perSessionTarget,
    ),
    row(
      'live JS memory per session (V8 heap + external, after GC)',
      'KB',
      projectMem.live !== null && idle.project.live !== null ? per(projectMem.live, idle.project.live, n) : null,
      baselineMem.live !== null && idle.baseline.live !== null ? per(baselineMem.live, idle.baseline.live, n) : null,
    ),
    row(
      'memory per session, as found',
      'KB',
      per(projectMem.raw, idle.project.raw, n),
      per(baselineMem.raw, idle.baseline.raw, n),
    ),
    row('resident memory after GC, total', 'MB', projectMem.gc / MB, baselineMem.gc / MB),
    row('sessions answering `look me`', '', probe.answered, baseProbe.answered, { text: `all ${n}`, atLeast: n }),
    row(
      '`look me` p99, all sessions within a second',
      'ms',
      summarize(probe.latencies).p99,
      summarize(baseProbe.latencies).p99,
    ),
    row('account creation rate while building', '/s', built.perSecond, null),
    row(`CPU per account creation (${bench.project.roles.join(' + ')})`, 'ms', createCpu, null),
  ];
  if (!previous) {
    rows.unshift(
      row(
        `idle memory after GC (${bench.project.roles.join(' + ')})`,
        'MB',
        idle.project.gc / MB,
        idle.baseline.gc / MB,
        { text: '≤ 120 MB', atMost: 120 },
        'after start-up and the warm-up logins, before the sessions',
      ),
    );
  }
  if (previous) {
    rows.push(
      row(
        `memory per session added since ${previous.n.toLocaleString('en')}, after GC`,
        'KB',
        per(projectMem.gc, previous.project, n - previous.n),
        per(baselineMem.gc, previous.baseline, n - previous.n),
        perSessionTarget,
      ),
      row(
        `live JS memory per session added since ${previous.n.toLocaleString('en')}`,
        'KB',
        projectMem.live !== null && previous.projectLive !== null
          ? per(projectMem.live, previous.projectLive, n - previous.n)
          : null,
        baselineMem.live !== null && previous.baselineLive !== null
          ? per(baselineMem.live, previous.baselineLive, n - previous.n)
          : null,
      ),
    );
  }
  const result: ScenarioResult = {
    id: `capacity-${n}`,
    title: `1. Capacity ${n.toLocaleString('en')}`,
    rows,
    details: {
      sessions: n,
      build: { ...built, cpuSeconds: buildCpu },
      memory: { idle, project: projectMem, baseline: baselineMem },
      perSessionKB: {
        project: round(per(projectMem.gc, idle.project.gc, n), 2),
        baseline: round(per(baselineMem.gc, idle.baseline.gc, n), 2),
      },
      probe: { project: { ...summarize(probe.latencies), sent: probe.sent }, baseline: summarize(baseProbe.latencies) },
      closedByPeer: stats.closedByPeer,
      closeCodes: stats.closeCodes,
    },
  };
  return {
    result,
    stage: {
      n,
      project: projectMem.gc,
      baseline: baselineMem.gc,
      projectLive: projectMem.live,
      baselineLive: baselineMem.live,
    },
  };
}
