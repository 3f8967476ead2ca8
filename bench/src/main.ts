/**
 * `npm run bench [-- --full | --smoke] [--cluster] [--out <dir>] [--cpu-prof] [--only <ids>]`
 *
 * Starts the real game (portal + game server, fresh data directory), the bare baseline server
 * and the load generators, each in its own process; runs the issue-7 scenarios against both
 * (`oneMachineRun.ts`). With `--cluster` it also starts the game as a cluster (two portals and a
 * game-server host over a private nats-server) and runs the scenarios that matter there against
 * both games (`clusterRun.ts`). Writes `<out>/<timestamp>-<profile>.json` and
 * `<out>/latest-<profile>.md` (profile `<size>` or `<size>-cluster`).
 * Every wait is bounded, and a watchdog ends the run if the whole of it overstays its budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.js';
import { Bench } from './Bench.js';
import { ClusterTarget } from './cluster.js';
import { clusterRun } from './clusterRun.js';
import { waitForQuietMachine } from './cpu.js';
import { GeneratorPool } from './GeneratorPool.js';
import { oneMachineRun } from './oneMachineRun.js';
import { PROFILES, type Profile, type ProfileName } from './profiles.js';
import { Runner } from './Runner.js';
import { machine, RESULTS_SCHEMA, type RunResults, writeResults } from './report.js';
import { BaselineTarget, type GameTarget, OneMachineTarget, STATS_DIR } from './targets.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/', import.meta.url));
/** Whole-run budgets: the watchdog ends a run that overstays (a hung target, a lost socket). */
const BUDGET_MS: Record<ProfileName, number> = { smoke: 180_000, quick: 600_000, full: 5_400_000 };
/** The cluster's sessions are numbered from here (a multiple of the room size, apart from every other range). */
const CLUSTER_BASE = 10_000_000;

function fdLimit(): string {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * File descriptors a process needs besides its sessions' sockets (stdio, IPC, listeners, epoll,
 * the database, libuv's own): a capacity stage leaves this many free under `ulimit -n`.
 */
const FD_HEADROOM = 100;

/**
 * The profile, with capacity stages lowered to what one process may hold open here: the portal
 * and the baseline each keep one socket per session, and an unprivileged container cannot raise
 * its hard limit (`ulimit -Hn`). Returns the note saying so when a stage was lowered.
 */
function fitToFdLimit(profile: Profile, limit: number): { profile: Profile; note?: string } {
  if (!Number.isFinite(limit)) return { profile };
  const most = Math.floor((limit - FD_HEADROOM) / 100) * 100;
  const capacity = profile.capacity.map((n) => Math.min(n, most));
  if (capacity.every((n, i) => n === profile.capacity[i])) return { profile };
  const wanted = Math.max(...profile.capacity).toLocaleString('en');
  return {
    profile: { ...profile, capacity },
    note:
      `The largest capacity stage is ${most.toLocaleString('en')}, not ${wanted}: \`ulimit -n\` is ${limit} here ` +
      `and cannot be raised (hard limit), and the portal, like the baseline, holds one socket per session.`,
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), DEFAULT_OUT);
  const fitted = fitToFdLimit(PROFILES[args.profile], Number(fdLimit()));
  const profile = fitted.profile;
  const runName = args.cluster ? `${profile.name}-cluster` : profile.name;
  const started = new Date();
  const t0 = Date.now();
  const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0)}s] ${line}\n`);
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const profileDir = args.cpuProf ? join(args.out, 'profiles', `${stamp}-${runName}`) : undefined;
  const clusterProfileDir = profileDir && args.cluster ? join(profileDir, 'cluster') : undefined;
  for (const dir of [profileDir, clusterProfileDir]) if (dir) mkdirSync(dir, { recursive: true });

  const results: RunResults = {
    schema: RESULTS_SCHEMA,
    profile: runName,
    startedAt: started.toISOString(),
    finishedAt: '',
    durationS: 0,
    machine: machine(fdLimit()),
    settings: { ...profile, cluster: args.cluster, cpuProfile: profileDir ?? null, scenarios: [...args.only] },
    scenarios: [],
    notes: fitted.note ? [fitted.note] : [],
  };
  const finish = () => {
    results.finishedAt = new Date().toISOString();
    results.durationS = (Date.now() - t0) / 1000;
    const files = writeResults(args.out, results);
    log(`results: ${files.json}`);
    log(`table:   ${files.md}`);
  };

  const games = args.cluster ? 'the game on one machine and as a cluster' : 'the game';
  log(`profile ${runName}: starting ${games}, the baseline server and ${profile.generators} load generator(s)`);
  const gameEnv = (dir: string | undefined): Record<string, string> => ({
    MUD_LOG_LEVEL: args.gameLogLevel,
    ...(args.traceGc ? { BENCH_TRACE_GC: '1' } : {}),
    ...(dir ? { BENCH_CPU_PROF_DIR: dir, BENCH_CPU_PROF_BOOT: '1' } : {}),
  });
  const [project, cluster, baseline, pool] = await Promise.all([
    OneMachineTarget.start(gameEnv(profileDir)),
    args.cluster ? ClusterTarget.start(gameEnv(clusterProfileDir)) : undefined,
    BaselineTarget.start(),
    GeneratorPool.start(profile.generators),
  ]);
  const targets: GameTarget[] = cluster ? [project, cluster] : [project];
  const stopAll = async () => {
    pool.stop();
    await Promise.allSettled([...targets.map((t) => t.stop()), baseline.stop()]);
    rmSync(STATS_DIR, { recursive: true, force: true });
  };
  // A cluster run runs its scenarios twice, once per game.
  const budgetMs = BUDGET_MS[profile.name] * (args.cluster ? 2 : 1);
  const watchdog = setTimeout(() => {
    log(`watchdog: the run passed its ${budgetMs / 1000} s budget; stopping`);
    results.notes.push(`Stopped by the watchdog after ${budgetMs / 1000} s: results are partial.`);
    finish();
    void stopAll().then(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  const bench = new Bench(profile, project, baseline, pool, profileDir, log);
  const clusterBench = cluster && new Bench(profile, cluster, baseline, pool, clusterProfileDir, log, CLUSTER_BASE);
  const benches = clusterBench ? [bench, clusterBench] : [bench];
  const ours = async () => [...new Set((await Promise.all(benches.map((b) => b.allPids()))).flat())];
  const runner = new Runner(results, log, ours);
  for (const b of benches) {
    const bootProfiles = await b.endBootProfiles();
    if (bootProfiles.length > 0) results.notes.push(`Start-up CPU profiles: ${bootProfiles.join(', ')}`);
  }
  if (args.waitQuietS > 0) {
    const pids = await ours();
    log(`waiting up to ${args.waitQuietS} s for other processes to leave the machine alone`);
    const q = await waitForQuietMachine(() => pids, 0.3, args.waitQuietS * 1000);
    log(q.ok ? `  quiet after ${(q.waitedMs / 1000).toFixed(0)} s` : `  still busy (${q.others} cores used by others)`);
  }

  try {
    if (clusterBench) await clusterRun(runner, bench, clusterBench, args.only);
    else await oneMachineRun(runner, bench, args.only);
  } catch (err) {
    runner.failed = true;
    log(`run failed: ${String((err as Error)?.stack ?? err)}`);
    results.notes.push(`The run failed: ${String((err as Error)?.message ?? err)}`);
  }
  clearTimeout(watchdog);
  for (const b of benches) {
    const who = clusterBench ? `${b.project.kind}: ` : '';
    results.notes.push(
      ...b.buildLog.map(
        (s, i) =>
          `${who}Session build ${i + 1}: ${s.created} accounts created in ${s.seconds} s (${s.perSecond ?? '—'}/s).`,
      ),
    );
  }
  finish();
  log('stopping');
  await stopAll();
  // The game's own output (every process), for diagnosis: kept with its data directory.
  for (const game of targets) {
    const file = join(game.dataDir, 'bench-game-output.log');
    writeFileSync(file, game.log());
    log(`${game.kind} output: ${file}`);
  }
  return runner.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
