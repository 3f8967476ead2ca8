/**
 * The driver's handle on its load-generator processes: forks them, places each session on one,
 * splits every request by worker and merges the answers.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  AuthResult,
  ChargenResult,
  CollectResult,
  CommandKind,
  Flavor,
  FromWorker,
  LoadRequest,
  LoadResult,
  MoveResult,
  OpenResult,
  ProbeResult,
  QuietResult,
  SendResult,
  StatsResult,
  ToWorker,
  WorkerRequest,
  WorkerResult,
} from './generator/messages.js';

const WORKER_ENTRY = fileURLToPath(new URL('./generator/worker.ts', import.meta.url));

class Worker {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerResult) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;
  pid = 0;

  constructor(readonly child: ChildProcess) {
    let onReady!: () => void;
    this.ready = new Promise((resolve) => {
      onReady = resolve;
    });
    child.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        this.pid = message.pid;
        onReady();
        return;
      }
      const w = this.waiting.get(message.id);
      if (!w) return;
      this.waiting.delete(message.id);
      if (message.ok) w.resolve(message.result);
      else w.reject(new Error(`load generator ${this.pid}: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load generator exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  request<R extends WorkerResult>(request: WorkerRequest): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: WorkerResult) => void, reject });
      const message: ToWorker = { id, request };
      this.child.send(message);
    });
  }
}

export class GeneratorPool {
  private readonly owner = new Map<number, Worker>();
  private next = 0;

  private constructor(private readonly workers: Worker[]) {}

  static async start(count: number): Promise<GeneratorPool> {
    const workers = Array.from(
      { length: count },
      () =>
        new Worker(
          fork(WORKER_ENTRY, [], {
            execArgv: ['--import', import.meta.resolve('tsx')],
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            serialization: 'advanced',
          }),
        ),
    );
    await Promise.all(workers.map((w) => w.ready));
    return new GeneratorPool(workers);
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** Groups ids by the worker holding them (unknown ids are dropped). */
  private split(ids: readonly number[]): Map<Worker, number[]> {
    const groups = new Map<Worker, number[]>();
    for (const id of ids) {
      const w = this.owner.get(id);
      if (!w) continue;
      const list = groups.get(w);
      if (list) list.push(id);
      else groups.set(w, [id]);
    }
    return groups;
  }

  async open(url: string, flavor: Flavor, ids: readonly number[], concurrency = 64): Promise<OpenResult> {
    const groups = new Map<Worker, number[]>();
    for (const id of ids) {
      const w = this.workers[this.next++ % this.workers.length] as Worker;
      this.owner.set(id, w);
      const list = groups.get(w);
      if (list) list.push(id);
      else groups.set(w, [id]);
    }
    const per = Math.max(1, Math.ceil(concurrency / groups.size));
    const results = await Promise.all(
      [...groups].map(([w, list]) =>
        w.request<OpenResult>({ t: 'open', url, flavor, ids: list, concurrency: per, timeoutMs: 30_000 }),
      ),
    );
    return {
      opened: sum(results.map((r) => r.opened)),
      failed: sum(results.map((r) => r.failed)),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
      ms: Math.max(0, ...results.map((r) => r.ms)),
    };
  }

  /** Moves each session to `room(id)` (`+room`), `concurrency` moves in flight. */
  async move(ids: readonly number[], room: (id: number) => string, concurrency = 50): Promise<MoveResult> {
    const groups = this.split(ids);
    const per = Math.max(1, Math.ceil(concurrency / Math.max(1, groups.size)));
    const results = await Promise.all(
      [...groups].map(([w, list]) =>
        w.request<MoveResult>({ t: 'move', ids: list, rooms: list.map(room), concurrency: per, timeoutMs: 60_000 }),
      ),
    );
    const moved = {
      ok: sum(results.map((r) => r.ok)),
      failed: sum(results.map((r) => r.failed)),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
    };
    if (moved.failed > 0) throw new Error(`${moved.failed} sessions could not move: ${moved.errors.join('; ')}`);
    return moved;
  }

  async auth(
    verb: 'create' | 'connect',
    ids: readonly number[],
    name: (id: number) => string,
    password: string,
    concurrency: number,
    timeoutMs = 120_000,
    roomSize?: number,
  ): Promise<AuthResult> {
    const groups = this.split(ids);
    const per = Math.max(1, Math.ceil(concurrency / Math.max(1, groups.size)));
    const results = await Promise.all(
      [...groups].map(([w, list]) =>
        w.request<AuthResult>({
          t: 'auth',
          verb,
          ids: list,
          names: list.map(name),
          password,
          concurrency: per,
          timeoutMs,
          ...(roomSize ? { roomSize } : {}),
        }),
      ),
    );
    return {
      ok: sum(results.map((r) => r.ok)),
      failed: sum(results.map((r) => r.failed)),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
      latencies: results.flatMap((r) => r.latencies),
      firstSentAt: Math.min(...results.map((r) => r.firstSentAt)),
      lastDoneAt: Math.max(...results.map((r) => r.lastDoneAt)),
    };
  }

  async load(
    ids: readonly number[],
    options: Omit<LoadRequest, 't' | 'ids' | 'startAt' | 'abortAfterMs'> & { abortAfterMs?: number },
  ): Promise<LoadResult> {
    const groups = this.split(ids);
    // Start every worker on the same tick, a little ahead so the IPC hop is not in the schedule.
    const startAt = Date.now() + 50;
    const results = await Promise.all(
      [...groups].map(([w, list]) =>
        w.request<LoadResult>({
          t: 'load',
          ids: list,
          startAt,
          ...options,
          abortAfterMs: options.abortAfterMs ?? Number.POSITIVE_INFINITY,
          maxOutstanding: Math.ceil((options.maxOutstanding * list.length) / ids.length),
        }),
      ),
    );
    return {
      sent: sum(results.map((r) => r.sent)),
      answered: sum(results.map((r) => r.answered)),
      unanswered: sum(results.map((r) => r.unanswered)),
      latencies: results.flatMap((r) => r.latencies),
      records: results.flatMap((r) => r.records),
      aborted: results.some((r) => r.aborted),
      scheduleLagP99: Math.max(0, ...results.map((r) => r.scheduleLagP99)),
      scheduleLagMax: Math.max(0, ...results.map((r) => r.scheduleLagMax)),
      framesReceived: sum(results.map((r) => r.framesReceived)),
    };
  }

  /** Ends the sending of a tagged load early; its `load` call then drains and resolves. */
  async stopLoad(tag: string): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ t: 'stop', tag })));
  }

  async probe(ids: readonly number[], kind: CommandKind, spreadMs: number, timeoutMs: number): Promise<ProbeResult> {
    const groups = this.split(ids);
    const results = await Promise.all(
      [...groups].map(([w, list]) => w.request<ProbeResult>({ t: 'probe', ids: list, kind, spreadMs, timeoutMs })),
    );
    return {
      sent: sum(results.map((r) => r.sent)),
      answered: sum(results.map((r) => r.answered)),
      latencies: results.flatMap((r) => r.latencies),
    };
  }

  /** Each session in `ids` creates and puppets the characters `names(id)` names, one after another. */
  async chargen(ids: readonly number[], names: (id: number) => string[], timeoutMs: number): Promise<ChargenResult> {
    const groups = this.split(ids);
    const results = await Promise.all(
      [...groups].map(([w, list]) =>
        w.request<ChargenResult>({ t: 'chargen', ids: list, names: list.map(names), timeoutMs }),
      ),
    );
    return {
      charcreate: results.flatMap((r) => r.charcreate),
      ic: results.flatMap((r) => r.ic),
      failed: sum(results.map((r) => r.failed)),
      errors: results.flatMap((r) => r.errors).slice(0, 5),
    };
  }

  /** Every session in `ids` starts watching for `needle`; `collect` tells when each saw it. */
  async arm(ids: readonly number[], needle: string): Promise<void> {
    await Promise.all([...this.split(ids)].map(([w, list]) => w.request({ t: 'arm', ids: list, needle })));
  }

  async collect(needle: string, timeoutMs: number): Promise<CollectResult> {
    const results = await Promise.all(
      this.workers.map((w) => w.request<CollectResult>({ t: 'collect', needle, timeoutMs })),
    );
    const firsts = results.map((r) => r.first).filter((t): t is number => t !== null);
    const lasts = results.map((r) => r.last).filter((t): t is number => t !== null);
    return {
      armed: sum(results.map((r) => r.armed)),
      received: sum(results.map((r) => r.received)),
      first: firsts.length > 0 ? Math.min(...firsts) : null,
      last: lasts.length > 0 ? Math.max(...lasts) : null,
    };
  }

  /** Types `line` in session `id`; resolves with the epoch ms it was sent. */
  async send(id: number, line: string): Promise<number> {
    const w = this.owner.get(id);
    if (!w) throw new Error(`no session ${id}`);
    return (await w.request<SendResult>({ t: 'send', id, line })).sentAt;
  }

  async close(ids: readonly number[]): Promise<void> {
    await Promise.all([...this.split(ids)].map(([w, list]) => w.request({ t: 'close', ids: list })));
    for (const id of ids) this.owner.delete(id);
  }

  /** Counters over the given sessions' workers. `closedByPeer` counts sessions still held. */
  async stats(): Promise<StatsResult> {
    const results = await Promise.all(this.workers.map((w) => w.request<StatsResult>({ t: 'stats' })));
    const closeCodes: Record<string, number> = {};
    for (const r of results)
      for (const [k, v] of Object.entries(r.closeCodes)) closeCodes[k] = (closeCodes[k] ?? 0) + v;
    return {
      open: sum(results.map((r) => r.open)),
      closedByPeer: sum(results.map((r) => r.closedByPeer)),
      closeCodes,
      framesReceived: sum(results.map((r) => r.framesReceived)),
      bytesReceived: sum(results.map((r) => r.bytesReceived)),
    };
  }

  /** Waits until no frame has arrived at any generator for `quietMs` (bounded by `timeoutMs`). */
  async quiet(quietMs: number, timeoutMs: number): Promise<QuietResult> {
    const results = await Promise.all(
      this.workers.map((w) => w.request<QuietResult>({ t: 'quiet', quietMs, timeoutMs })),
    );
    return { waitedMs: Math.max(...results.map((r) => r.waitedMs)), quiet: results.every((r) => r.quiet) };
  }

  stop(): void {
    for (const w of this.workers) {
      if (w.child.connected) w.child.disconnect();
      if (w.child.exitCode === null) w.child.kill('SIGTERM');
    }
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
