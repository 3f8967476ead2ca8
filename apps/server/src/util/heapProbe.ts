/**
 * The heap probe the soak reads (docs/settings.md#signals): in a process started with
 * `--expose-gc`, SIGUSR2 runs a full garbage collection and appends one JSON line —
 * `{"pid","role","at","uptime","heapUsed","codeUsed","rss"}` — to `$MUD_DATA_DIR/heap-samples.jsonl`, so the
 * live heap can be followed over hours of churn without a debugger. Without `--expose-gc` the
 * signal is ignored (never the default action, which would end the process).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

export const HEAP_SAMPLES_FILE = 'heap-samples.jsonl';

export interface HeapSample {
  pid: number;
  role: string;
  /** Epoch milliseconds. */
  at: number;
  /** Seconds since the process started. */
  uptime: number;
  /** Bytes of live JS heap after the collection. */
  heapUsed: number;
  /**
   * Bytes of it that are compiled code (V8's code spaces): it grows for many minutes as the JIT
   * compiles what a new process runs, and is bounded by the program, not by its use.
   */
  codeUsed: number;
  rss: number;
}

/** Collects and writes one sample; false when the process has no `gc` (no `--expose-gc`). */
export function writeHeapSample(role: string, dataDir: string): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  const memory = process.memoryUsage();
  const sample: HeapSample = {
    pid: process.pid,
    role,
    at: Date.now(),
    uptime: Math.round(process.uptime() * 10) / 10,
    heapUsed: memory.heapUsed,
    codeUsed: getHeapSpaceStatistics()
      .filter((space) => space.space_name.includes('code'))
      .reduce((sum, space) => sum + space.space_used_size, 0),
    rss: memory.rss,
  };
  try {
    appendFileSync(join(dataDir, HEAP_SAMPLES_FILE), `${JSON.stringify(sample)}\n`);
  } catch {
    // a debugging aid: a full disk or a removed data directory must not harm the game
  }
  return true;
}

/** Installs the SIGUSR2 handler; `role` names the process in the samples (`portal`, `server`). */
export function installHeapProbe(role: string, dataDir: string): void {
  process.on('SIGUSR2', () => writeHeapSample(role, dataDir));
}
