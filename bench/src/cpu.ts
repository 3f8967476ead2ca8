/**
 * CPU accounting from /proc: how busy the target's processes are (to wait until a target has
 * worked off a backlog before the next measurement), and how much of the machine other
 * processes used during a scenario (two shared cores: another suite running beside the bench
 * shows up in every latency, so the results say how busy the machine was).
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in seconds, or 0 when it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine since boot (all cores, idle and iowait excluded). */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - idle) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuWindow {
  seconds: number;
  /** Cores' worth of CPU the given processes used. */
  ours: number;
  /** Cores' worth used by everything else on the machine. */
  others: number;
}

/** Starts a window; `end()` returns what was used in it. */
export function cpuWindow(pids: () => number[]): { end(): CpuWindow } {
  const started = performance.now();
  const ourStart = new Map(pids().map((p) => [p, processCpuSeconds(p)]));
  const machineStart = machineBusySeconds();
  return {
    end() {
      const seconds = (performance.now() - started) / 1000;
      let ours = 0;
      for (const p of new Set([...ourStart.keys(), ...pids()])) {
        const now = processCpuSeconds(p);
        // A process that ended (a replaced game server) cannot be read any more: what it used
        // in the window shows under `others`.
        if (now > 0) ours += now - (ourStart.get(p) ?? 0);
      }
      const all = machineBusySeconds() - machineStart;
      const r = (v: number) => Math.round((v / Math.max(seconds, 0.001)) * 100) / 100;
      return { seconds: Math.round(seconds * 10) / 10, ours: r(ours), others: r(Math.max(0, all - ours)) };
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Waits until `pids` together use less than `maxCores` over a `windowMs` window, bounded by
 * `timeoutMs`. Returns how long it waited and whether it got there.
 */
export async function waitForCpuBelow(
  pids: () => number[],
  maxCores: number,
  windowMs: number,
  timeoutMs: number,
): Promise<{ waitedMs: number; ok: boolean; last: number }> {
  const started = Date.now();
  let last = 0;
  for (;;) {
    const w = cpuWindow(pids);
    await sleep(windowMs);
    last = w.end().ours;
    if (last < maxCores) return { waitedMs: Date.now() - started, ok: true, last };
    if (Date.now() - started >= timeoutMs) return { waitedMs: Date.now() - started, ok: false, last };
  }
}

/** Waits until processes other than `pids` use less than `maxCores`, bounded by `timeoutMs`. */
export async function waitForQuietMachine(
  pids: () => number[],
  maxCores: number,
  timeoutMs: number,
): Promise<{ waitedMs: number; ok: boolean; others: number }> {
  const started = Date.now();
  for (;;) {
    const w = cpuWindow(pids);
    await sleep(2000);
    const { others } = w.end();
    if (others < maxCores) return { waitedMs: Date.now() - started, ok: true, others };
    if (Date.now() - started >= timeoutMs) return { waitedMs: Date.now() - started, ok: false, others };
  }
}
