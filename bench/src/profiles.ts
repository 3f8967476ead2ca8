/**
 * How big and how long each scenario runs. `quick` is the default (`npm run bench`, under five
 * minutes on two cores), `full` the complete profile (capacity to 20,000 sessions, issue 17; a reload at 5,000),
 * `smoke` a tiny run that only proves the harness works (the test suite runs it).
 */
import type { CommandKind } from './generator/messages.js';

export type ProfileName = 'smoke' | 'quick' | 'full';

export interface Mix {
  label: string;
  mix: CommandKind[];
}

export interface Profile {
  name: ProfileName;
  /** Load-generator processes. */
  generators: number;
  /** Logged-in, puppeting sessions every other scenario runs with. */
  sessions: number;
  /** Capacity stages, ascending; the first must equal `sessions` (the others run last). */
  capacity: number[];
  /** Account creations in flight while building up sessions (hashing is on 4 libuv threads). */
  createConcurrency: number;
  /** Scales the quiet periods waited between measurements (the smoke run is about the harness). */
  settleScale: number;
  latency: { durationMs: number; ratePerSession: number; mixes: Mix[] };
  fanout: { says: number; gapMs: number };
  storm: { logins: number; windowMs: number; ratePerSession: number; mix: CommandKind[] };
  reload: { windowMs: number; ratePerSession: number };
  /** Players creating and entering characters (`rounds` each) while the working set plays. */
  chargen: { sessions: number; rounds: number; ratePerSession: number };
  /** `npm start` runs on a used data directory, after the first on a new one. */
  startupRuns: number;
  /** Total command rates, ascending, per mix; each step lasts `stepMs`. */
  saturation: { stepMs: number; ramps: (Mix & { rates: number[] })[] };
}

const LOOK: Mix = { label: 'look', mix: ['look'] };
const SAY: Mix = { label: 'say', mix: ['say'] };
/** A session looking around, talking and checking itself. */
const MIXED: Mix = { label: 'mixed', mix: ['look', 'say', 'lookme', 'lookme'] };
/** The command pipeline without the room: `look me` answers with one's own description. */
const LOOK_ME: Mix = { label: 'look me', mix: ['lookme'] };

/** Doubling steps from `from` up to `to`. */
function doubling(from: number, to: number): number[] {
  const out: number[] = [];
  for (let r = from; r <= to; r *= 2) out.push(r);
  return out;
}

export const PROFILES: Record<ProfileName, Profile> = {
  smoke: {
    name: 'smoke',
    generators: 1,
    sessions: 20,
    capacity: [20],
    createConcurrency: 8,
    settleScale: 0.3,
    latency: { durationMs: 1500, ratePerSession: 1, mixes: [MIXED] },
    fanout: { says: 3, gapMs: 50 },
    storm: { logins: 4, windowMs: 2500, ratePerSession: 1, mix: ['lookme'] },
    reload: { windowMs: 3000, ratePerSession: 2 },
    chargen: { sessions: 2, rounds: 2, ratePerSession: 1 },
    startupRuns: 1,
    saturation: { stepMs: 1000, ramps: [{ ...LOOK_ME, rates: [20, 40] }] },
  },
  quick: {
    name: 'quick',
    generators: 1,
    sessions: 1000,
    capacity: [1000],
    createConcurrency: 24,
    settleScale: 1,
    latency: { durationMs: 5000, ratePerSession: 1, mixes: [LOOK, SAY, MIXED, LOOK_ME] },
    fanout: { says: 30, gapMs: 100 },
    storm: { logins: 200, windowMs: 20_000, ratePerSession: 1, mix: ['lookme'] },
    reload: { windowMs: 8000, ratePerSession: 0.5 },
    chargen: { sessions: 10, rounds: 5, ratePerSession: 1 },
    startupRuns: 3,
    saturation: { stepMs: 2500, ramps: [{ ...LOOK_ME, rates: doubling(125, 16_000) }] },
  },
  full: {
    name: 'full',
    // Four, so that none holds more than ten thousand sockets at the largest stage (the project's
    // and the baseline's sessions together), well under `ulimit -n`.
    generators: 4,
    sessions: 1000,
    capacity: [1000, 5000, 10_000, 20_000],
    createConcurrency: 24,
    settleScale: 1,
    latency: { durationMs: 30_000, ratePerSession: 1, mixes: [LOOK, SAY, MIXED, LOOK_ME] },
    fanout: { says: 100, gapMs: 100 },
    storm: { logins: 200, windowMs: 30_000, ratePerSession: 1, mix: ['lookme'] },
    reload: { windowMs: 10_000, ratePerSession: 0.5 },
    chargen: { sessions: 20, rounds: 10, ratePerSession: 1 },
    startupRuns: 5,
    saturation: {
      stepMs: 6000,
      ramps: [
        { ...LOOK, rates: doubling(10, 5120) },
        { ...SAY, rates: doubling(5, 5120) },
        { ...LOOK_ME, rates: doubling(125, 32_000) },
      ],
    },
  },
};
