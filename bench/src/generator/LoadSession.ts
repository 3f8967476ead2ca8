/**
 * One session of a load generator — a websocket, or a raw telnet connection — and the runs its
 * commands belong to: it sends a command, remembers which answer ends it, and measures the round
 * trip when that answer arrives.
 */
import type { CommandKind, Flavor } from './messages.js';
import type { Wire } from './wires.js';

/** Epoch milliseconds with sub-millisecond resolution, comparable across the bench's processes. */
export const now = (): number => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The limbo description: what a `look` at the room always contains. */
const LOOK_NEEDLE = 'The void between worlds';
/** A fresh character's description: what `look me` answers. */
const LOOK_ME_NEEDLE = 'An unremarkable person';

export interface Run {
  /** Every command of the run in send order, to find the oldest unanswered one cheaply. */
  sentLog: Pending[];
  sentHead: number;
  latencies: number[];
  records: [number, number][] | undefined;
  outstanding: number;
  answered: number;
  /** Called on every answer, so a waiting drain can finish early. */
  onAnswer: (() => void) | undefined;
}

export interface Pending {
  needle: string;
  sentAt: number;
  run: Run;
  done: boolean;
}

export class LoadSession {
  readonly pending: Pending[] = [];
  /** Needles this session is armed for (fan-out), with the arrival time once seen (0 before). */
  readonly arms = new Map<string, number>();
  /** A one-off frame watcher (the connection screen, a login). Returns true when done. */
  watcher: ((raw: string, at: number) => boolean) | undefined;
  closing = false;
  closedByPeer = false;
  closeCode: number | undefined;
  seq = 0;
  lastText = '';

  constructor(
    readonly id: number,
    readonly flavor: Flavor,
    readonly wire: Wire,
  ) {}

  get open(): boolean {
    return this.wire.open;
  }

  line(text: string): void {
    this.wire.send(text);
  }

  /**
   * What the baseline sends back for `line`: the websocket echo repeats the frame (so the line
   * appears JSON-quoted), the TCP echo the line itself.
   */
  echoOf(line: string): string {
    return this.wire.kind === 'ws' ? JSON.stringify(line) : line;
  }

  /** Sends one command of `kind`, remembering what answer ends it. */
  command(kind: CommandKind, run: Run): void {
    let line: string;
    let needle: string;
    if (kind === 'say') {
      const token = `k${this.id}q${this.seq++}z`;
      line = `say ${token}`;
      const said = this.wire.kind === 'ws' ? `You say, \\"${token}` : `You say, "${token}`;
      needle = this.flavor === 'project' ? said : this.echoOf(line);
    } else {
      line = kind === 'look' ? 'look' : 'look me';
      needle = this.flavor === 'project' ? (kind === 'look' ? LOOK_NEEDLE : LOOK_ME_NEEDLE) : this.echoOf(line);
    }
    const sentAt = now();
    this.line(line);
    const pending: Pending = { needle, sentAt, run, done: false };
    this.pending.push(pending);
    run.sentLog.push(pending);
    run.outstanding++;
  }

  frame(raw: string, at: number): void {
    const head = this.pending[0];
    if (head?.run && raw.includes(head.needle)) {
      this.pending.shift();
      head.done = true;
      const run = head.run;
      const latency = at - head.sentAt;
      run.latencies.push(latency);
      run.records?.push([head.sentAt, latency]);
      run.outstanding--;
      run.answered++;
      run.onAnswer?.();
    }
    if (this.arms.size > 0) {
      for (const [needle, seen] of this.arms) {
        if (seen === 0 && raw.includes(needle)) this.arms.set(needle, at);
      }
    }
    if (this.watcher?.(raw, at)) this.watcher = undefined;
    if (this.wire.kind === 'telnet' || raw.startsWith('["text"')) this.lastText = raw;
  }
}

export function newRun(records: boolean): Run {
  return {
    sentLog: [],
    sentHead: 0,
    latencies: [],
    records: records ? [] : undefined,
    outstanding: 0,
    answered: 0,
    onAnswer: undefined,
  };
}

/** Age in ms of the run's oldest unanswered command (0 when all are answered). */
export function oldestAge(run: Run, t: number): number {
  while (run.sentHead < run.sentLog.length && run.sentLog[run.sentHead]?.done) run.sentHead++;
  const oldest = run.sentLog[run.sentHead];
  return oldest ? t - oldest.sentAt : 0;
}

/** Waits until the run has no outstanding command, or `ms` passed. */
export async function drain(run: Run, ms: number): Promise<void> {
  if (run.outstanding === 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      run.onAnswer = undefined;
      resolve();
    }
    run.onAnswer = () => {
      if (run.outstanding === 0) done();
    };
  });
}
