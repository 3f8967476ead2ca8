/**
 * What every scenario shares: the game under test (one machine or a cluster) and the baseline,
 * the load generators, the sessions built so far on each, and helpers to grow them, to settle
 * between scenarios, to profile a scenario and to turn figures into table rows. A cluster run has
 * two Benches, one per game, sharing the generators and the baseline's sessions; each numbers its
 * sessions from its own `base`, so their ids never meet in the generators.
 */
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processCpuSeconds, waitForCpuBelow } from './cpu.js';
import type { GeneratorPool } from './GeneratorPool.js';
import { homeRoom } from './generator/messages.js';
import { formatSummary, summarizeProfile } from './profile/summarize.js';
import type { Profile } from './profiles.js';
import { judge, type Row, type Target } from './report.js';
import { ratio, round } from './stats.js';
import { type BaselineTarget, type GameTarget, preloadedPids } from './targets.js';

/**
 * Players per room. Sessions are spread over rooms of ten, as a game's players are (the bench
 * game's `+room`), except in the fan-out scenario, which gathers the working set in one room.
 */
export const ROOM_SIZE = 10;
export const PASSWORD = 'bench-pass-1';
/** Session ids: players from 0 (0 is the superuser), storm accounts and baseline sessions apart. */
export const STORM_BASE = 1_000_000;
export const BASELINE_BASE = 2_000_000;

/** Names by a session's number within its Bench (its id less the Bench's base). */
export const playerName = (n: number): string => `Bench${String(n).padStart(5, '0')}`;
export const stormName = (id: number): string => `Storm${String(id - STORM_BASE).padStart(4, '0')}`;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** CPU seconds a target's processes used, total and per process. */
export interface CpuSeconds {
  total: number;
  parts: Record<string, number>;
}

/** Milliseconds of CPU per unit of work. */
export const cpuMsPer = (cpu: CpuSeconds, units: number): number | null =>
  units > 0 ? Math.round((cpu.total * 1e6) / units) / 1000 : null;

export interface BuildStats {
  created: number;
  failed: number;
  seconds: number;
  perSecond: number | null;
  errors: string[];
}

export class Bench {
  /** Project player sessions logged in and puppeting: ids base..base+projectPlayers-1. */
  projectPlayers = 0;
  readonly buildLog: BuildStats[] = [];

  /**
   * `base`: the first session id of this Bench's game (a multiple of ROOM_SIZE, so its rooms of
   * ten are the same groups); 0 for the one-machine game, which the login storm's ids assume.
   */
  constructor(
    readonly profile: Profile,
    readonly project: GameTarget,
    readonly baseline: BaselineTarget,
    readonly pool: GeneratorPool,
    readonly profileDir: string | undefined,
    readonly log: (line: string) => void,
    readonly base = 0,
  ) {}

  /** Baseline sessions open: ids BASELINE_BASE..+baselineSessions-1 (shared by every Bench of a run). */
  get baselineSessions(): number {
    return this.baseline.sessions;
  }

  /** The superuser's session: the first account created on the game. */
  get superuser(): number {
    return this.base;
  }

  /** The working set other scenarios use (admin included). */
  projectIds(count = this.profile.sessions): number[] {
    return range(this.base, Math.min(count, this.projectPlayers));
  }
  baselineIds(count = this.profile.sessions): number[] {
    return range(BASELINE_BASE, Math.min(count, this.baselineSessions));
  }

  /** Grows the project to `n` logged-in, puppeting sessions (each a new account: one argon2 hash). */
  async growProject(n: number): Promise<BuildStats> {
    const ids = range(this.base + this.projectPlayers, n - this.projectPlayers);
    const started = Date.now();
    const stats: BuildStats = { created: 0, failed: 0, seconds: 0, perSecond: null, errors: [] };
    // In slices, so progress shows and a failure stops the build early.
    const slice = 500;
    for (let i = 0; i < ids.length; i += slice) {
      const part = ids.slice(i, i + slice);
      const opened = await this.openProject(part);
      if (opened.failed > 0) stats.errors.push(...opened.errors);
      const auth = await this.pool.auth(
        'create',
        part,
        (id) => playerName(id - this.base),
        PASSWORD,
        this.profile.createConcurrency,
        120_000,
        ROOM_SIZE,
      );
      stats.created += auth.ok;
      stats.failed += auth.failed + opened.failed;
      stats.errors.push(...auth.errors);
      this.projectPlayers += auth.ok;
      const secs = (Date.now() - started) / 1000;
      this.log(`  project: ${this.projectPlayers} sessions (${(stats.created / secs).toFixed(1)} accounts/s)`);
      if (auth.failed > 0 || opened.failed > 0) {
        stats.errors = stats.errors.slice(0, 5);
        break;
      }
    }
    stats.seconds = round((Date.now() - started) / 1000, 1) ?? 0;
    stats.perSecond = stats.seconds > 0 ? round(stats.created / stats.seconds, 1) : null;
    this.buildLog.push(stats);
    if (this.projectPlayers < n) {
      throw new Error(`could only build ${this.projectPlayers} of ${n} sessions: ${stats.errors.join('; ')}`);
    }
    return stats;
  }

  /** Opens sessions to the game, each to the portal `wsUrlFor` its id names; sums the results. */
  async openProject(ids: readonly number[]): Promise<{ opened: number; failed: number; errors: string[] }> {
    const byUrl = new Map<string, number[]>();
    for (const id of ids) {
      const url = this.project.wsUrlFor(id);
      const list = byUrl.get(url);
      if (list) list.push(id);
      else byUrl.set(url, [id]);
    }
    const results = await Promise.all([...byUrl].map(([url, list]) => this.pool.open(url, 'project', list)));
    return {
      opened: results.reduce((a, r) => a + r.opened, 0),
      failed: results.reduce((a, r) => a + r.failed, 0),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
    };
  }

  /**
   * The superuser, then the login storm's accounts, created and closed again: they also warm the
   * game server up (JIT, SQLite, argon2's per-thread memory) before the idle memory reading that
   * per-session figures are relative to.
   */
  async warmUp(): Promise<void> {
    await this.growProject(1);
    const stormIds = range(this.base + STORM_BASE, this.profile.storm.logins);
    const opened = await this.openProject(stormIds);
    if (opened.failed > 0) throw new Error(`storm accounts: ${opened.errors.join('; ')}`);
    const name = (id: number) => stormName(id - this.base);
    const storm = await this.pool.auth(
      'create',
      stormIds,
      name,
      PASSWORD,
      this.profile.createConcurrency,
      120_000,
      ROOM_SIZE,
    );
    if (storm.failed > 0) throw new Error(`storm accounts: ${storm.errors.join('; ')}`);
    await this.pool.close(stormIds);
    await this.settle(1000);
  }

  async growBaseline(n: number): Promise<void> {
    if (n <= this.baselineSessions) return;
    const ids = range(BASELINE_BASE + this.baselineSessions, n - this.baselineSessions);
    const opened = await this.pool.open(this.baseline.wsUrl, 'baseline', ids);
    this.baseline.sessions += opened.opened;
    if (opened.failed > 0)
      throw new Error(`baseline: ${opened.failed} connections failed: ${opened.errors.join('; ')}`);
    await this.pool.move(ids, (id) => homeRoom(id, ROOM_SIZE));
  }

  /**
   * Runs `fn` and settles, and returns the CPU seconds the target's processes used meanwhile
   * (all threads: argon2's thread pool included). Unlike a latency, CPU time per command does
   * not depend on what else runs on the machine, so it is the figure to compare on a shared one.
   */
  async cpuOf<T>(which: 'project' | 'baseline', fn: () => Promise<T>): Promise<{ value: T; cpu: CpuSeconds }> {
    const target = which === 'project' ? this.project : this.baseline;
    const roles = target.roles;
    const read = async () => {
      const pids = await target.pids();
      return pids.map((pid) => processCpuSeconds(pid));
    };
    const before = await read();
    const value = await fn();
    await this.settle();
    const after = await read();
    const parts: Record<string, number> = {};
    let total = 0;
    for (const [i, role] of roles.entries()) {
      // A reload replaces the game server: its successor's time counts from zero.
      const [a, b] = [after[i] ?? 0, before[i] ?? 0];
      const used = a >= b ? a - b : a;
      parts[role] = Math.round(used * 1000) / 1000;
      total += used;
    }
    return { value, cpu: { total: Math.round(total * 1000) / 1000, parts } };
  }

  /** Every process of this Bench: driver, generators, baseline, the game's processes. */
  async allPids(): Promise<number[]> {
    return [process.pid, ...this.pool.pids, ...(await this.baseline.pids()), ...(await this.project.pids())];
  }

  /**
   * Lets the targets finish what they are doing before the next measurement: no frame for
   * `quietMs`, then both targets' processes (nearly) idle — a saturated game works off its
   * backlog long after the generator stopped counting. Bounded by `timeoutMs`.
   */
  async settle(quietMs = 500, timeoutMs = 120_000): Promise<void> {
    const q = await this.pool.quiet(quietMs * this.profile.settleScale, timeoutMs);
    if (!q.quiet) this.log(`  (still receiving frames after ${(q.waitedMs / 1000).toFixed(0)} s; going on)`);
    const pids = [...(await this.project.pids()), ...(await this.baseline.pids())];
    const idle = await waitForCpuBelow(() => pids, 0.1, 300, timeoutMs);
    if (!idle.ok) {
      this.log(`  (targets still busy after ${(idle.waitedMs / 1000).toFixed(0)} s: ${idle.last} cores; going on)`);
    } else if (idle.waitedMs > 2000) {
      this.log(`  (waited ${(idle.waitedMs / 1000).toFixed(0)} s for the targets to work off their backlog)`);
    }
  }

  /**
   * Runs `fn` with the portal and game server CPU-profiled (when --cpu-prof was given): SIGUSR2
   * starts and stops the preload's profiler. A game server that replaces the current one during
   * `fn` (a reload) profiles its own boot and is stopped the same way; the one it replaced
   * writes its profile as it exits. Returns the profile files, each with a summary beside it.
   */
  async profiled<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; profiles: string[] }> {
    if (!this.profileDir) return { value: await fn(), profiles: [] };
    await this.signalProfiles(await preloadedPids(this.project));
    let value: T;
    try {
      value = await fn();
    } finally {
      await this.signalProfiles(await preloadedPids(this.project));
    }
    return { value, profiles: await this.collectProfiles(label) };
  }

  /** Ends the profiles every game process started at boot (BENCH_CPU_PROF_BOOT). */
  async endBootProfiles(): Promise<string[]> {
    if (!this.profileDir) return [];
    await this.signalProfiles(await preloadedPids(this.project));
    return this.collectProfiles('boot');
  }

  private async signalProfiles(pids: number[]): Promise<void> {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGUSR2');
      } catch {
        // gone
      }
    }
  }

  /** Waits for freshly written profiles (until none appears for a second), names and summarises them. */
  private async collectProfiles(label: string): Promise<string[]> {
    const dir = this.profileDir;
    if (!dir) return [];
    const fresh = () => readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && /^[a-z]+-main-\d+-\d+\./.test(f));
    const until = Date.now() + 15_000;
    let seen = -1;
    while (Date.now() < until) {
      const n = fresh().length;
      if (n >= 2 && n === seen) break;
      seen = n;
      await sleep(1000);
    }
    const profiles: string[] = [];
    for (const f of fresh()) {
      const [role, main, pid] = f.split('-');
      const target = join(dir, `${label}-${role}-${main}-${pid}.cpuprofile`);
      if (existsSync(target)) continue;
      renameSync(join(dir, f), target);
      writeFileSync(target.replace(/\.cpuprofile$/, '.txt'), `${formatSummary(summarizeProfile(target, 30))}\n`);
      profiles.push(target);
    }
    return profiles;
  }
}

/** One table row from the project's and baseline's figures and a target. */
export function row(
  metric: string,
  unit: string,
  project: number | null,
  baseline: number | null,
  target?: Target,
  note?: string,
): Row {
  const r: Row = {
    metric,
    unit,
    project: round(project, 3),
    baseline: round(baseline, 3),
    ratio: ratio(project, baseline),
    target: target?.text ?? null,
    met: judge(target, project, baseline),
  };
  if (note) r.note = note;
  return r;
}
