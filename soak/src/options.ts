/**
 * Command-line options of `npm run soak -- [--minutes N | --seconds N] [--players N] ...`.
 * Unknown flags and bad values stop the run with a message, like the game's own settings do.
 */
export interface SoakOptions {
  durationMs: number;
  players: number;
  generators: number;
  /** A superuser `reload` this often; runs shorter than two intervals reload once, half-way. */
  reloadEveryMs: number;
  sampleEveryMs: number;
  outDir: string;
  seed: number;
  thinkMs: [number, number];
  answerTimeoutMs: number;
  /** Seconds a dropped session waits to be resumed (MUD_RESUME_GRACE of the game under soak). */
  resumeGraceSeconds: number;
  /** Bound on the heap-after-GC slope of each process role, MB/hour (README.md#soak). */
  maxHeapGrowthMbPerHour: number;
  /** How often both processes are asked for a heap sample after a forced GC. */
  heapEveryMs: number;
  /** Heap samples before this are the run's warm-up and are not judged. */
  warmUpMs: number;
}

export const USAGE = `Usage: npm run soak -- [options]
  --minutes N        how long to run (default 10)
  --seconds N        how long to run, in seconds (wins over --minutes)
  --players N        simulated players (default 200)
  --generators N     load-generator processes (default: one per 50 players, at most 4)
  --reload-every S   seconds between superuser reloads (default 120)
  --sample-every S   seconds between memory samples (default 10)
  --think MIN,MAX    think time between a player's commands, ms (default 1000,6000)
  --out DIR          where the result file goes (default soak/results)
  --seed N           seed of the players' random choices (default: from the clock)
  --max-heap-growth MB   fail when a process's heap data after GC (live heap minus compiled
                     code) grows faster, MB/hour (default 5)
  --heap-every S     seconds between heap samples after a forced GC (default 15)
  --warm-up S        seconds of warm-up before heap samples count (default: 5 min or a fifth
                     of the run, whichever is longer)`;

export function parseOptions(argv: readonly string[], defaultOutDir: string): SoakOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === '--') continue;
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    values.set(flag.slice(2), value);
    i++;
  }
  const known = new Set([
    'minutes',
    'seconds',
    'players',
    'generators',
    'reload-every',
    'sample-every',
    'think',
    'out',
    'seed',
    'max-heap-growth',
    'heap-every',
    'warm-up',
  ]);
  for (const key of values.keys()) if (!known.has(key)) throw new UsageError(`unknown option --${key}`);

  const number = (key: string, fallback: number, min: number): number => {
    const raw = values.get(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${key} must be a number >= ${min}, got "${raw}"`);
    return n;
  };
  const durationMs = values.has('seconds') ? number('seconds', 0, 1) * 1000 : number('minutes', 10, 0.05) * 60_000;
  const players = Math.floor(number('players', 200, 1));
  const think = (values.get('think') ?? '1000,6000').split(',').map(Number);
  if (
    think.length !== 2 ||
    think.some((t) => !Number.isFinite(t) || t < 0) ||
    (think[0] as number) > (think[1] as number)
  ) {
    throw new UsageError('--think must be MIN,MAX in ms');
  }
  return {
    durationMs,
    players,
    generators: Math.floor(number('generators', Math.min(4, Math.ceil(players / 50)), 1)),
    reloadEveryMs: number('reload-every', 120, 1) * 1000,
    sampleEveryMs: number('sample-every', 10, 0.5) * 1000,
    outDir: values.get('out') ?? defaultOutDir,
    seed: Math.floor(number('seed', Date.now() % 1_000_000, 0)),
    thinkMs: think as [number, number],
    answerTimeoutMs: 30_000,
    resumeGraceSeconds: 5,
    maxHeapGrowthMbPerHour: number('max-heap-growth', 5, 0),
    heapEveryMs: number('heap-every', 15, 1) * 1000,
    warmUpMs: values.has('warm-up') ? number('warm-up', 0, 0) * 1000 : Math.max(300_000, durationMs / 5),
  };
}

export class UsageError extends Error {}
