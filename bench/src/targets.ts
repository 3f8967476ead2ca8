/**
 * The systems under test, each in its own processes: the real game — on one machine (portal + the
 * game server it forks, via the test kit's `GameProcess`, fresh data directory) or as a cluster
 * (`cluster.ts`) — and the bare baseline. Scenarios see a game only as a `GameTarget`, so the same
 * scenario runs against either.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GameProcess } from '@mud/server/testing';

/** Limits off, so the bench measures the engine rather than its abuse protection (docs/settings.md#limits). */
export const BENCH_GAME_ENV: Record<string, string> = {
  MUD_MAX_SESSIONS_PER_IP: '0',
  MUD_MAX_CONNECTION_RATE: '0',
  MUD_CREATION_THROTTLE_LIMIT: '0',
  MUD_LOGIN_THROTTLE_LIMIT: '0',
  MUD_MAX_COMMAND_RATE: '0',
  // Scenario 7's players create several characters each (mode 0 allows one by default).
  MUD_MAX_NR_CHARACTERS: '100',
  MUD_LOG_LEVEL: 'warn',
  // The default game plus `+room`, which spreads the bench's players over rooms (see the file).
  MUD_GAME_MODULE: fileURLToPath(new URL('../game/index.ts', import.meta.url)),
};

/** The bench's measurement hooks (full GC on SIGWINCH, CPU profiles on SIGUSR2), see the file. */
export const PRELOAD = fileURLToPath(new URL('./profile/preload.mjs', import.meta.url));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Where the preload writes `process.memoryUsage()` after a forced GC (one per process). */
export const STATS_DIR = mkdtempSync(join(tmpdir(), 'mud-bench-stats-'));

/** V8's own view of a process after a full GC: live JS heap and memory held outside it. */
export interface HeapStats {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Per process (by role): RSS, V8's reserved heap and its live part, external memory. */
  processes?: Record<string, { rss: number; heapTotal: number; heapUsed: number; external: number }>;
}

/** Resident memory of a process in bytes (VmRSS), or 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface Target {
  readonly wsUrl: string;
  /** `telnet://127.0.0.1:PORT`, or undefined when the target has no telnet listener. */
  readonly telnetUrl: string | undefined;
  /** Names of the processes `pids()` returns, in order. */
  readonly roles: readonly string[];
  /**
   * The roles whose processes run the bench's preload and so answer its signals. Not
   * nats-server: SIGUSR2 (a CPU profile's start) would put it into lame-duck mode.
   */
  readonly preloaded: ReadonlySet<string>;
  /** The target's processes now (a reload replaces the game server). */
  pids(): Promise<number[]>;
  /** Resident memory of every process of the target, in bytes. */
  rss(): Promise<{ total: number; parts: Record<string, number> }>;
  stop(): Promise<void>;
}

/** The game under test, on one machine or as a cluster: what a scenario may ask of it. */
export interface GameTarget extends Target {
  /** How it runs, for the report. */
  readonly kind: 'one machine' | 'cluster';
  /** Where session `id` connects: a cluster spreads the sessions over its portals, as a load balancer would. */
  wsUrlFor(id: number): string;
  /** The game server's pid once it serves (a reload replaces the process). */
  serverPid(): Promise<number>;
  /** Everything the game's processes wrote, and the directory to keep it in. */
  log(): string;
  readonly dataDir: string;
}

/** The pids of a target's processes that run the preload (the ones to signal). */
export async function preloadedPids(target: Target): Promise<number[]> {
  const pids = await target.pids();
  return pids.filter((_, i) => target.preloaded.has(target.roles[i] ?? ''));
}

/** Resident memory of each of a target's processes (by role) and their sum. */
export async function rssByRole(target: Target): Promise<{ total: number; parts: Record<string, number> }> {
  const pids = await target.pids();
  const parts: Record<string, number> = {};
  let total = 0;
  for (const [i, pid] of pids.entries()) {
    const bytes = rssBytes(pid);
    parts[target.roles[i] ?? String(pid)] = bytes;
    total += bytes;
  }
  return { total, parts };
}

/** A process's `process.memoryUsage()` as the preload wrote it after a forced GC. */
type MemFile = HeapStats & { at: number; rss: number; heapTotal: number };

function readMemFile(pid: number): MemFile | undefined {
  try {
    return JSON.parse(readFileSync(join(STATS_DIR, `mem-${pid}.json`), 'utf8')) as MemFile;
  } catch {
    return undefined;
  }
}

/**
 * A full garbage collection in each process that runs the preload (its SIGWINCH), then a moment
 * to return pages; returns each process's heap figures after it (summed), or undefined when a
 * process did not report within 15 s. Waits for every report rather than a fixed time: on a busy
 * machine a game server holding thousands of sessions can take longer than a second to collect.
 */
export async function collectGarbage(target: Target): Promise<HeapStats | undefined> {
  const all = await target.pids();
  const roles = target.roles.filter((role) => target.preloaded.has(role));
  const pids = all.filter((_, i) => target.preloaded.has(target.roles[i] ?? ''));
  const asked = Date.now();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGWINCH');
    } catch {
      // gone
    }
  }
  const fresh = () => pids.map(readMemFile).filter((m): m is MemFile => m !== undefined && m.at >= asked);
  let reports = fresh();
  while (reports.length < pids.length && Date.now() - asked < 15_000) {
    await sleep(100);
    reports = fresh();
  }
  await sleep(Math.max(0, asked + 1000 - Date.now()));
  if (reports.length < pids.length) return undefined;
  const total: HeapStats = { heapUsed: 0, external: 0, arrayBuffers: 0, processes: {} };
  for (const [i, m] of reports.entries()) {
    total.heapUsed += m.heapUsed;
    total.external += m.external;
    total.arrayBuffers += m.arrayBuffers;
    const role = roles[i] ?? String(pids[i]);
    if (total.processes) {
      total.processes[role] = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external };
    }
  }
  return total;
}

/** Settings of every process of the game under test: the bench's game and its measurement hooks. */
export function gameEnv(extraEnv: Record<string, string>): Record<string, string> {
  return { ...BENCH_GAME_ENV, NODE_OPTIONS: `--import ${PRELOAD}`, BENCH_STATS_DIR: STATS_DIR, ...extraEnv };
}

/** The game on one machine (`MUD_ROLE=all`): the portal and the game server it forks. */
export class OneMachineTarget implements GameTarget {
  readonly kind = 'one machine';

  private constructor(readonly game: GameProcess) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<OneMachineTarget> {
    return new OneMachineTarget(await GameProcess.start({ env: gameEnv(extraEnv) }));
  }

  async pids(): Promise<number[]> {
    return [this.game.child.pid ?? 0, await this.game.pid('server')];
  }

  readonly roles = ['portal', 'server'] as const;
  readonly preloaded = new Set(this.roles);

  get wsUrl(): string {
    return this.game.wsUrl;
  }

  wsUrlFor(_id: number): string {
    return this.game.wsUrl;
  }

  serverPid(): Promise<number> {
    return this.game.pid('server');
  }

  log(): string {
    return this.game.log();
  }

  get dataDir(): string {
    return this.game.dataDir;
  }

  get telnetUrl(): string | undefined {
    try {
      return `telnet://127.0.0.1:${this.game.portOf('telnet')}`;
    } catch {
      return undefined;
    }
  }

  rss(): Promise<{ total: number; parts: Record<string, number> }> {
    // pids() re-reads the game server's each time: a reload replaces the process.
    return rssByRole(this);
  }

  async stop(): Promise<void> {
    await this.game.stop();
  }
}

const BASELINE_ENTRY = fileURLToPath(new URL('./baseline/server.ts', import.meta.url));

export class BaselineTarget implements Target {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly telnetPort: number,
  ) {}

  static async start(): Promise<BaselineTarget> {
    const child = fork(BASELINE_ENTRY, [], {
      execArgv: ['--import', import.meta.resolve('tsx'), '--import', PRELOAD],
      env: { ...process.env, BENCH_STATS_DIR: STATS_DIR },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { port, telnetPort } = await new Promise<{ port: number; telnetPort: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('baseline server did not start')), 30_000);
      child.once('message', (m: { t: string; port: number; telnetPort: number }) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
    });
    const killChild = () => child.kill('SIGKILL');
    process.once('exit', killChild);
    return new BaselineTarget(child, port, telnetPort);
  }

  readonly roles = ['baseline'] as const;
  readonly preloaded = new Set(this.roles);
  /** Baseline sessions open (ids BASELINE_BASE..): every game target's scenarios share them. */
  sessions = 0;

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get telnetUrl(): string {
    return `telnet://127.0.0.1:${this.telnetPort}`;
  }

  async pids(): Promise<number[]> {
    return [this.child.pid ?? 0];
  }

  async rss(): Promise<{ total: number; parts: Record<string, number> }> {
    const baseline = rssBytes(this.child.pid ?? 0);
    return { total: baseline, parts: { baseline } };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
