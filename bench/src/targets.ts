/**
 * The two systems under test, each in its own processes: the real game (portal + the game server
 * it forks, via the test kit's `GameProcess`, fresh data directory) and the bare baseline.
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
  /** The target's processes now (a reload replaces the game server). */
  pids(): Promise<number[]>;
  /** Resident memory of every process of the target, in bytes. */
  rss(): Promise<{ total: number; parts: Record<string, number> }>;
  stop(): Promise<void>;
}

/**
 * A full garbage collection in each process (the preload's SIGWINCH), then a moment to return
 * pages; returns each process's heap figures after it (summed), when they were written.
 */
export async function collectGarbage(target: Target): Promise<HeapStats | undefined> {
  const pids = await target.pids();
  const asked = Date.now();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGWINCH');
    } catch {
      // gone
    }
  }
  await sleep(1000);
  const total: HeapStats = { heapUsed: 0, external: 0, arrayBuffers: 0, processes: {} };
  for (const [i, pid] of pids.entries()) {
    try {
      const m = JSON.parse(readFileSync(join(STATS_DIR, `mem-${pid}.json`), 'utf8')) as HeapStats & {
        at: number;
        rss: number;
        heapTotal: number;
      };
      if (m.at < asked) return undefined;
      total.heapUsed += m.heapUsed;
      total.external += m.external;
      total.arrayBuffers += m.arrayBuffers;
      const role = target.roles[i] ?? String(pid);
      if (total.processes) {
        total.processes[role] = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external };
      }
    } catch {
      return undefined;
    }
  }
  return total;
}

export class ProjectTarget implements Target {
  private constructor(readonly game: GameProcess) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<ProjectTarget> {
    const env = { ...BENCH_GAME_ENV, NODE_OPTIONS: `--import ${PRELOAD}`, BENCH_STATS_DIR: STATS_DIR, ...extraEnv };
    return new ProjectTarget(await GameProcess.start({ env }));
  }

  async pids(): Promise<number[]> {
    return [this.game.child.pid ?? 0, await this.game.pid('server')];
  }

  readonly roles = ['portal', 'server'] as const;

  get wsUrl(): string {
    return this.game.wsUrl;
  }

  get telnetUrl(): string | undefined {
    try {
      return `telnet://127.0.0.1:${this.game.portOf('telnet')}`;
    } catch {
      return undefined;
    }
  }

  async rss(): Promise<{ total: number; parts: Record<string, number> }> {
    const portal = rssBytes(this.game.child.pid ?? 0);
    // Re-read each time: a reload replaces the game server process.
    const server = rssBytes(await this.game.pid('server'));
    return { total: portal + server, parts: { portal, server } };
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
