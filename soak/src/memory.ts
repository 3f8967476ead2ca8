/** Resident memory of a process, for the soak's growth report. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** RSS in bytes, or undefined when the process is gone. Linux reads /proc; elsewhere `ps`. */
export function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    try {
      const kb = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      return kb ? Number(kb) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Least-squares slope of y over x (per unit of x); 0 with fewer than two points. */
export function slope(points: readonly [x: number, y: number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Asks each live process for a heap sample (SIGUSR2, apps/server/src/util/heapProbe.ts); the
 * samples land in the data directory's `heap-samples.jsonl`. A pid that is gone is skipped.
 */
export function signalHeapProbes(pids: readonly (number | null | undefined)[]): void {
  for (const pid of pids) {
    if (!pid) continue;
    try {
      process.kill(pid, 'SIGUSR2');
    } catch {
      // exited (a game server replaced by a reload)
    }
  }
}
