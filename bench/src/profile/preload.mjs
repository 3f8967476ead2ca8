/**
 * Measurement hooks the bench loads into the game's processes with `NODE_OPTIONS=--import
 * <this file>` (the portal passes its environment to the game server it forks, reloads
 * included). Inert until the bench signals it; nothing else in the game changes.
 *
 * - SIGUSR2 (with BENCH_CPU_PROF_DIR set): starts V8's sampling profiler, the next SIGUSR2 stops
 *   it and writes `<dir>/<role>-<pid>-<n>.cpuprofile` (role: `portal-main`, `server-main`). This
 *   is `node --cpu-prof` — same profiler, interval and format — but per scenario, and possible
 *   where `--cpu-prof` is not: Node 20 refuses it in NODE_OPTIONS, and the portal forks the game
 *   server with its own execArgv. A profile still running at exit is written then. With
 *   BENCH_CPU_PROF_BOOT=1 a profile starts as the process does (how a reload's new game server
 *   spends its boot); the bench's first SIGUSR2 then ends it.
 * - SIGWINCH: a full garbage collection, so the bench can read resident memory without the
 *   garbage the last scenario left (its per-session figure is then live memory, not GC timing).
 *   With BENCH_STATS_DIR set, `process.memoryUsage()` after it goes to `<dir>/mem-<pid>.json`.
 *   SIGWINCH is ignored by default, so a process without this file is unaffected.
 * - BENCH_TRACE_GC=1: V8's --trace-gc, one line per collection with its pause, on stdout.
 *
 * Plain JavaScript so it loads before tsx's hooks are registered.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Exposes `gc` for this process only; the documented way to get it without a command-line flag.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
if (process.env.BENCH_TRACE_GC === '1') setFlagsFromString('--trace-gc');
process.on('SIGWINCH', () => {
  gc();
  gc();
  const stats = process.env.BENCH_STATS_DIR;
  if (stats) {
    const file = join(stats, `mem-${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    renameSync(`${file}.tmp`, file);
  }
});

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // --cpu-prof's default interval is 1000 us; keep it so profiles compare.
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  // apps/server/src/portal/main.ts -> portal-main
  const entry = process.argv[1] ?? 'node';
  const role = `${basename(dirname(entry))}-${basename(entry).replace(/\.[cm]?[jt]s$/, '')}`;
  let running = false;
  let count = 0;
  const stop = () => {
    if (!running) return;
    running = false;
    // An in-process inspector session answers synchronously, so this also works inside 'exit'.
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      count++;
      writeFileSync(join(dir, `${role}-${process.pid}-${count}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('SIGUSR2', () => {
    if (running) {
      stop();
      return;
    }
    session.post('Profiler.start');
    running = true;
  });
  process.on('exit', stop);
  if (process.env.BENCH_CPU_PROF_BOOT === '1') {
    session.post('Profiler.start');
    running = true;
  }
}
