/**
 * What a load generator counts, in a shape that crosses IPC (plain JSON) and merges across
 * generators. Latencies go into fixed log-scale buckets so a ten-minute run keeps no per-command
 * list in memory.
 */

/** Upper bounds (ms) of the latency buckets; the last bucket is everything above. */
export const LATENCY_BOUNDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000] as const;

export interface GeneratorStats {
  players: number;
  /** Players whose socket is open and logged in right now. */
  online: number;
  commandsSent: number;
  commandsAnswered: number;
  /** Commands never answered within the deadline: lost. */
  commandsUnanswered: number;
  /** Commands in flight when a connection broke that the player had not broken itself. */
  commandsCutOff: number;
  /** A few of the lost commands, for the report. */
  unansweredSamples: string[];
  /** Error frames received, by code. */
  errorFrames: Record<string, number>;
  /** Closes the player did not ask for, by close code. */
  unexpectedCloses: Record<string, number>;
  connectFailures: number;
  creates: number;
  logins: number;
  quits: number;
  drops: number;
  resumes: number;
  resumeFailures: number;
  framesIn: number;
  latencyBuckets: number[];
  latencyMaxMs: number;
}

export function emptyStats(players = 0): GeneratorStats {
  return {
    players,
    online: 0,
    commandsSent: 0,
    commandsAnswered: 0,
    commandsUnanswered: 0,
    commandsCutOff: 0,
    unansweredSamples: [],
    errorFrames: {},
    unexpectedCloses: {},
    connectFailures: 0,
    creates: 0,
    logins: 0,
    quits: 0,
    drops: 0,
    resumes: 0,
    resumeFailures: 0,
    framesIn: 0,
    latencyBuckets: new Array(LATENCY_BOUNDS.length + 1).fill(0),
    latencyMaxMs: 0,
  };
}

export function recordLatency(stats: GeneratorStats, ms: number): void {
  let i = LATENCY_BOUNDS.findIndex((bound) => ms <= bound);
  if (i === -1) i = LATENCY_BOUNDS.length;
  stats.latencyBuckets[i] = (stats.latencyBuckets[i] ?? 0) + 1;
  stats.latencyMaxMs = Math.max(stats.latencyMaxMs, ms);
}

export function bump(counts: Record<string, number>, key: string | number): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

export function mergeStats(all: readonly GeneratorStats[]): GeneratorStats {
  const total = emptyStats();
  for (const s of all) {
    for (const key of [
      'players',
      'online',
      'commandsSent',
      'commandsAnswered',
      'commandsUnanswered',
      'commandsCutOff',
      'connectFailures',
      'creates',
      'logins',
      'quits',
      'drops',
      'resumes',
      'resumeFailures',
      'framesIn',
    ] as const) {
      total[key] += s[key];
    }
    addCounts(total.errorFrames, s.errorFrames);
    addCounts(total.unexpectedCloses, s.unexpectedCloses);
    total.unansweredSamples.push(...s.unansweredSamples.slice(0, 20 - total.unansweredSamples.length));
    s.latencyBuckets.forEach((n, i) => {
      total.latencyBuckets[i] = (total.latencyBuckets[i] ?? 0) + n;
    });
    total.latencyMaxMs = Math.max(total.latencyMaxMs, s.latencyMaxMs);
  }
  return total;
}

/** The bucket bound under which `fraction` of the answered commands fall (an upper estimate). */
export function percentile(stats: GeneratorStats, fraction: number): number {
  const count = stats.latencyBuckets.reduce((a, b) => a + b, 0);
  if (count === 0) return 0;
  let seen = 0;
  for (const [i, n] of stats.latencyBuckets.entries()) {
    seen += n;
    // The bucket's upper bound, but never above the slowest answer actually seen.
    if (seen >= fraction * count)
      return Math.round(Math.min(LATENCY_BOUNDS[i] ?? Number.POSITIVE_INFINITY, stats.latencyMaxMs));
  }
  return stats.latencyMaxMs;
}
