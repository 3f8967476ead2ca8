/**
 * `npm run bench [-- --full | --smoke] [--out <dir>] [--cpu-prof] [--only <ids>]`
 *
 * Starts the real game (portal + game server, fresh data directory), the bare baseline server
 * and the load generators, each in its own process; runs the issue-7 scenarios against both;
 * writes `<out>/<timestamp>-<profile>.json` and `<out>/latest-<profile>.md`.
 *
 * Order: start-up (`npm start` until it serves), capacity at the working-set size (building the sessions every later scenario uses),
 * latency (the websocket's, then `look` over telnet), fan-out, saturation, login storm, reload stall, then the larger capacity stages.
 * Every wait is bounded, and a watchdog ends the run if the whole of it overstays its budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, PASSWORD, ROOM_SIZE, range, STORM_BASE, stormName } from './Bench.js';
import { cpuWindow, waitForQuietMachine } from './cpu.js';
import { GeneratorPool } from './GeneratorPool.js';
import { PROFILES, type ProfileName } from './profiles.js';
import { machine, RESULTS_SCHEMA, type RunResults, type ScenarioResult, writeResults } from './report.js';
import { capacity, type IdleMemory, memoryOf, type PreviousStage } from './scenarios/capacity.js';
import { fanout } from './scenarios/fanout.js';
import { latency } from './scenarios/latency.js';
import { reloadStall } from './scenarios/reload.js';
import { saturation } from './scenarios/saturation.js';
import { startup } from './scenarios/startup.js';
import { loginStorm } from './scenarios/storm.js';
import { withTelnetRows } from './scenarios/telnetLatency.js';
import { BaselineTarget, ProjectTarget, STATS_DIR } from './targets.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/', import.meta.url));
/** Whole-run budgets: the watchdog ends a run that overstays (a hung target, a lost socket). */
const BUDGET_MS: Record<ProfileName, number> = { smoke: 180_000, quick: 600_000, full: 5_400_000 };
const SCENARIOS = ['startup', 'capacity', 'latency', 'fanout', 'saturation', 'storm', 'reload'] as const;

interface Args {
  profile: ProfileName;
  out: string;
  cpuProf: boolean;
  only: Set<string>;
  /** MUD_LOG_LEVEL of the game (warn; info shows the reload's phases in the game output). */
  gameLogLevel: string;
  /** How long to wait at the start for other processes to leave the machine alone. */
  waitQuietS: number;
  /** V8 --trace-gc in the game's processes (pauses in the game output). */
  traceGc: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    profile: 'quick',
    out: DEFAULT_OUT,
    cpuProf: false,
    only: new Set(SCENARIOS),
    gameLogLevel: 'warn',
    waitQuietS: 0,
    traceGc: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--full' || a === '--quick' || a === '--smoke') args.profile = a.slice(2) as ProfileName;
    else if (a === '--out') args.out = argv[++i] ?? args.out;
    else if (a === '--cpu-prof') args.cpuProf = true;
    else if (a === '--only') args.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (a === '--game-log-level') args.gameLogLevel = argv[++i] ?? 'warn';
    else if (a === '--wait-quiet') args.waitQuietS = Number(argv[++i] ?? 0);
    else if (a === '--trace-gc') args.traceGc = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: npm run bench [-- --quick|--full|--smoke] [--out <dir>] [--cpu-prof] [--only capacity,latency,...]\n' +
          '                     [--game-log-level info] [--wait-quiet <seconds>] [--trace-gc]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const s of args.only) {
    if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}`);
  }
  return args;
}

function fdLimit(): string {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const profile = PROFILES[args.profile];
  const started = new Date();
  const t0 = Date.now();
  const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0)}s] ${line}\n`);
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const profileDir = args.cpuProf ? join(args.out, 'profiles', `${stamp}-${profile.name}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const results: RunResults = {
    schema: RESULTS_SCHEMA,
    profile: profile.name,
    startedAt: started.toISOString(),
    finishedAt: '',
    durationS: 0,
    machine: machine(fdLimit()),
    settings: { ...profile, cpuProfile: profileDir ?? null, scenarios: [...args.only] },
    scenarios: [],
    notes: [],
  };
  const finish = () => {
    results.finishedAt = new Date().toISOString();
    results.durationS = (Date.now() - t0) / 1000;
    const files = writeResults(args.out, results);
    log(`results: ${files.json}`);
    log(`table:   ${files.md}`);
  };

  log(`profile ${profile.name}: starting the game, the baseline server and ${profile.generators} load generator(s)`);
  const projectEnv: Record<string, string> = { MUD_LOG_LEVEL: args.gameLogLevel };
  if (args.traceGc) projectEnv.BENCH_TRACE_GC = '1';
  if (profileDir) {
    projectEnv.BENCH_CPU_PROF_DIR = profileDir;
    projectEnv.BENCH_CPU_PROF_BOOT = '1';
  }
  const [project, baseline, pool] = await Promise.all([
    ProjectTarget.start(projectEnv),
    BaselineTarget.start(),
    GeneratorPool.start(profile.generators),
  ]);
  const stopAll = async () => {
    pool.stop();
    await Promise.allSettled([project.stop(), baseline.stop()]);
    rmSync(STATS_DIR, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    log(`watchdog: the run passed its ${BUDGET_MS[profile.name] / 1000} s budget; stopping`);
    results.notes.push(`Stopped by the watchdog after ${BUDGET_MS[profile.name] / 1000} s: results are partial.`);
    finish();
    void stopAll().then(() => process.exit(1));
  }, BUDGET_MS[profile.name]);
  watchdog.unref();

  const bench = new Bench(profile, project, baseline, pool, profileDir, log);
  const bootProfiles = await bench.endBootProfiles();
  if (bootProfiles.length > 0) results.notes.push(`Start-up CPU profiles: ${bootProfiles.join(', ')}`);
  if (args.waitQuietS > 0) {
    const ours = await bench.allPids();
    log(`waiting up to ${args.waitQuietS} s for other processes to leave the machine alone`);
    const q = await waitForQuietMachine(() => ours, 0.3, args.waitQuietS * 1000);
    log(q.ok ? `  quiet after ${(q.waitedMs / 1000).toFixed(0)} s` : `  still busy (${q.others} cores used by others)`);
  }
  let failed = false;
  /** `spawnsOwn`: the scenario starts processes of its own, which the CPU window counts as others. */
  const attempt = async (
    id: string,
    fn: () => Promise<ScenarioResult>,
    { spawnsOwn = false } = {},
  ): Promise<ScenarioResult | undefined> => {
    const t = Date.now();
    log(`scenario ${id}`);
    await bench.settle();
    let pids = await bench.allPids();
    const cpu = cpuWindow(() => pids);
    try {
      const result = await fn();
      pids = await bench.allPids();
      const used = cpu.end();
      result.details.cpu = used;
      if (used.others >= 0.25 && !spawnsOwn) {
        results.notes.push(
          `Machine shared during ${result.title}: other processes used ${used.others} of ${results.machine.cpus} cores.`,
        );
      }
      results.scenarios.push(result);
      log(`scenario ${id} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      return result;
    } catch (err) {
      failed = true;
      const message = String((err as Error)?.stack ?? err);
      log(`scenario ${id} failed: ${message}`);
      results.scenarios.push({ id, title: id, rows: [], details: {}, error: message });
      return undefined;
    }
  };

  try {
    if (args.only.has('startup')) {
      await attempt('startup', () => startup(profile.startupRuns), { spawnsOwn: true });
    }
    const baselineIdle = await memoryOf(baseline);
    // The superuser first (the first account created is it), then the storm accounts, which
    // also warm up the game server (JIT, SQLite, argon2's per-thread memory) before the idle
    // memory reading that per-session figures are relative to.
    log('creating the superuser and the login-storm accounts');
    await bench.growProject(1);
    const stormIds = range(STORM_BASE, profile.storm.logins);
    await pool.open(project.wsUrl, 'project', stormIds);
    const storm = await pool.auth(
      'create',
      stormIds,
      stormName,
      PASSWORD,
      profile.createConcurrency,
      120_000,
      ROOM_SIZE,
    );
    if (storm.failed > 0) throw new Error(`storm accounts: ${storm.errors.join('; ')}`);
    await pool.close(stormIds);
    await bench.settle(1000);
    const projectIdle = await memoryOf(project);
    const idle: IdleMemory = { project: projectIdle, baseline: baselineIdle };
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    results.notes.push(
      `Idle memory after GC: project ${mb(projectIdle.gc)} MB (portal ${mb(projectIdle.parts.portal ?? 0)}, ` +
        `server ${mb(projectIdle.parts.server ?? 0)}), baseline ${mb(baselineIdle.gc)} MB. ` +
        'Each is a Node process running TypeScript through tsx.',
    );

    const [first, ...larger] = profile.capacity;
    let previous: PreviousStage | undefined;
    await attempt('capacity', async () => {
      const { result, stage } = await capacity(bench, first ?? profile.sessions, idle);
      previous = stage;
      return result;
    });
    if (bench.projectPlayers < profile.sessions) throw new Error('the working set could not be built');
    if (args.only.has('latency')) await attempt('latency', async () => withTelnetRows(bench, await latency(bench)));
    if (args.only.has('fanout')) await attempt('fanout', () => fanout(bench));
    if (args.only.has('saturation')) await attempt('saturation', () => saturation(bench));
    if (args.only.has('storm')) await attempt('storm', () => loginStorm(bench));
    if (args.only.has('reload')) {
      await attempt('reload', () => reloadStall(bench));
      // A reload replaced the game server: the next stage's growth is measured from here.
      if (previous && larger.length > 0) {
        await bench.settle();
        const after = await memoryOf(project);
        previous = { ...previous, project: after.gc, projectLive: after.live };
        results.notes.push('Larger capacity stages are measured from a reading taken after the reload.');
      }
    }
    if (args.only.has('capacity')) {
      for (const n of larger) {
        await attempt(`capacity-${n}`, async () => {
          const { result, stage } = await capacity(bench, n, idle, previous);
          previous = stage;
          return result;
        });
      }
    }
  } catch (err) {
    failed = true;
    log(`run failed: ${String((err as Error)?.stack ?? err)}`);
    results.notes.push(`The run failed: ${String((err as Error)?.message ?? err)}`);
  }
  clearTimeout(watchdog);
  results.notes.push(
    ...bench.buildLog.map(
      (b, i) => `Session build ${i + 1}: ${b.created} accounts created in ${b.seconds} s (${b.perSecond ?? '—'}/s).`,
    ),
  );
  finish();
  log('stopping');
  await stopAll();
  // The game's own output (both processes), for diagnosis: kept with its data directory.
  const gameLog = join(project.game.dataDir, 'bench-game-output.log');
  writeFileSync(gameLog, project.game.log());
  log(`game output: ${gameLog}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
