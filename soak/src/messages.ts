/** IPC between the soak driver and its load-generator processes. */
import type { GeneratorStats } from './stats.js';

export interface GeneratorPlan {
  url: string;
  /** Account names this generator plays; each is created on first connect. */
  names: string[];
  /** Players start at random moments within this many ms, so account creation is spread out. */
  rampMs: number;
  /** Think time between a player's commands, ms. */
  thinkMs: [min: number, max: number];
  /** A command not answered within this is counted as lost. */
  answerTimeoutMs: number;
  seed: number;
}

export type ToGenerator =
  | { t: 'start'; plan: GeneratorPlan }
  /** Stop starting anything new; settle what is in flight; answer `stopped`. */
  | { t: 'stop' }
  /** Close every connection cleanly (1000); answer `closed` and exit. */
  | { t: 'close' };

export type FromGenerator =
  | { t: 'stats'; stats: GeneratorStats }
  | { t: 'stopped'; stats: GeneratorStats }
  | { t: 'closed'; stats: GeneratorStats };
