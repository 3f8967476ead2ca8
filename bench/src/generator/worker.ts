/**
 * A load-generator process: holds many sessions (websocket or telnet, by the URL's scheme) to
 * the game or to the baseline and runs what the driver asks over IPC (open, log in, send
 * commands on a schedule, wait for a fan-out). It measures round trips itself, so the driver's
 * own work never shows in a figure.
 *
 * Every frame that arrives is checked against the head of its session's queue of unanswered
 * commands only: a session's answers come back in the order its commands were sent (the game
 * runs one line after the other per session), and a cheap check per frame keeps the generator
 * from being the bottleneck when a room's chatter arrives at every session.
 */
import WebSocket from 'ws';
import { drain, LoadSession, newRun, now, oldestAge, type Run, sleep } from './LoadSession.js';
import type {
  ArmRequest,
  AuthRequest,
  AuthResult,
  ChargenRequest,
  ChargenResult,
  CollectRequest,
  CollectResult,
  CommandKind,
  FromWorker,
  LoadRequest,
  LoadResult,
  MoveRequest,
  MoveResult,
  OpenRequest,
  OpenResult,
  ProbeRequest,
  ProbeResult,
  QuietRequest,
  QuietResult,
  StatsResult,
  ToWorker,
  WorkerRequest,
  WorkerResult,
} from './messages.js';
import { homeRoom } from './messages.js';
import { TelnetClient } from './TelnetClient.js';
import { TelnetWire, WsWire } from './wires.js';

/** ANSI colour codes, stripped where a needle spans coloured text. */
const SGR = /\x1b\[[0-9;]*m/g;

const sessions = new Map<number, LoadSession>();
/** Tags of loads asked to stop sending. */
const stopped = new Set<string>();
let framesReceived = 0;
let bytesReceived = 0;
let lastFrameAt = now();

/** Counts a frame (a websocket message or a telnet line) that arrived at `at`. */
function counted(bytes: number, at: number): void {
  framesReceived++;
  bytesReceived += bytes;
  lastFrameAt = at;
}

function connectOne(req: OpenRequest, id: number): Promise<LoadSession> {
  return req.url.startsWith('telnet:') ? connectTelnet(req, id) : connectWebSocket(req, id);
}

function connectWebSocket(req: OpenRequest, id: number): Promise<LoadSession> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(req.url, ['v1.evennia.com'], {
      perMessageDeflate: false,
      handshakeTimeout: req.timeoutMs,
    });
    const session = new LoadSession(id, req.flavor, new WsWire(ws));
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no greeting in time'));
    }, req.timeoutMs);
    // Ready once the first text frame (the connection screen, or the baseline's greeting) is in.
    session.watcher = (raw) => {
      if (!raw.startsWith('["text"')) return false;
      clearTimeout(timer);
      resolve(session);
      return true;
    };
    ws.on('message', (data: Buffer) => {
      const at = now();
      counted(data.length, at);
      session.frame(data.toString(), at);
    });
    ws.on('close', (code) => {
      session.closeCode = code;
      if (!session.closing) session.closedByPeer = true;
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`handshake refused: ${res.statusCode}`));
    });
  });
}

/** A raw telnet session: every line of text is a frame (docs/telnet.md). */
async function connectTelnet(req: OpenRequest, id: number): Promise<LoadSession> {
  const client = await TelnetClient.open(req.url, req.timeoutMs, now);
  const session = new LoadSession(id, req.flavor, new TelnetWire(client));
  client.onLine = (line, at) => {
    counted(line.length + 2, at);
    session.frame(line, at);
  };
  client.onClose = () => {
    if (!session.closing) session.closedByPeer = true;
  };
  // Ready once a line of text is in (the connection screen, or the baseline's greeting).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      session.watcher = undefined;
      client.socket.destroy();
      reject(new Error('no greeting in time'));
    }, req.timeoutMs);
    session.watcher = (raw) => {
      if (raw.trim() === '') return false;
      clearTimeout(timer);
      resolve();
      return true;
    };
  });
  return session;
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pooled<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(lanes);
}

async function open(req: OpenRequest): Promise<OpenResult> {
  const started = now();
  let opened = 0;
  const errors: string[] = [];
  await pooled(req.ids, req.concurrency, async (id) => {
    try {
      sessions.set(id, await connectOne(req, id));
      opened++;
    } catch (err) {
      if (errors.length < 5) errors.push(String((err as Error).message ?? err));
    }
  });
  return { opened, failed: req.ids.length - opened, errors, ms: now() - started };
}

/**
 * Sends `line` and resolves with the round trip once a frame satisfies `done`; rejects with
 * `timeoutMessage()` after `timeoutMs`.
 */
function exchange(
  session: LoadSession,
  line: string,
  done: (raw: string) => boolean,
  timeoutMs: number,
  timeoutMessage: () => string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const sentAt = now();
    const timer = setTimeout(() => {
      session.watcher = undefined;
      reject(new Error(timeoutMessage()));
    }, timeoutMs);
    session.watcher = (raw, at) => {
      if (!done(raw)) return false;
      clearTimeout(timer);
      resolve(at - sentAt);
      return true;
    };
    session.line(line);
  });
}

function authOne(session: LoadSession, req: AuthRequest, name: string): Promise<number> {
  const line = `${req.verb} "${name}" ${req.password}`;
  // The game: logged in and puppeting once a `session` frame names a puppet (over telnet, once
  // it says "You become <name>.", the name in colour). The baseline echoes the line.
  const become = `You become ${name}.`;
  const echo = session.echoOf(line);
  const done = (raw: string) =>
    session.flavor === 'baseline'
      ? raw.includes(echo)
      : session.wire.kind === 'telnet'
        ? raw.replace(SGR, '').includes(become)
        : raw.startsWith('["session"') && raw.includes('"puppet":"');
  return exchange(
    session,
    line,
    done,
    req.timeoutMs,
    () => `${name}: no login in ${req.timeoutMs} ms; last text: ${session.lastText.slice(0, 160)}`,
  );
}

async function moveOne(session: LoadSession, room: string, timeoutMs: number): Promise<void> {
  const line = `+room ${room}`;
  const needle = session.flavor === 'project' ? `You are now in room-${room}.` : session.echoOf(line);
  await exchange(
    session,
    line,
    (raw) => raw.includes(needle),
    timeoutMs,
    () => `session ${session.id}: no answer to ${line} in ${timeoutMs} ms`,
  );
}

async function move(req: MoveRequest): Promise<MoveResult> {
  const errors: string[] = [];
  let ok = 0;
  const pairs = req.ids.map((id, i) => [id, req.rooms[i] as string] as const);
  await pooled(pairs, req.concurrency, async ([id, room]) => {
    const session = sessions.get(id);
    try {
      if (!session?.open) throw new Error(`session ${id} is not open`);
      await moveOne(session, room, req.timeoutMs);
      ok++;
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message);
    }
  });
  return { ok, failed: req.ids.length - ok, errors };
}

async function auth(req: AuthRequest): Promise<AuthResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const firstSentAt = now();
  let lastDoneAt = firstSentAt;
  const pairs = req.ids.map((id, i) => [id, req.names[i] as string] as const);
  await pooled(pairs, req.concurrency, async ([id, name]) => {
    const session = sessions.get(id);
    if (!session?.open) {
      if (errors.length < 5) errors.push(`${name}: session ${id} is not open`);
      return;
    }
    try {
      latencies.push(await authOne(session, req, name));
      // Straight out of Limbo, so arrivals there do not grow with the number of players.
      if (req.roomSize) await moveOne(session, homeRoom(id, req.roomSize), req.timeoutMs);
      lastDoneAt = now();
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message);
    }
  });
  return {
    ok: latencies.length,
    failed: req.ids.length - latencies.length,
    errors,
    latencies,
    firstSentAt,
    lastDoneAt,
  };
}

/** Forgets the run's unanswered commands, so a late answer cannot be credited to a later run. */
function retire(run: Run, ids: readonly number[]): void {
  for (const id of ids) {
    const s = sessions.get(id);
    if (!s) continue;
    for (let i = s.pending.length - 1; i >= 0; i--) {
      const p = s.pending[i];
      if (p?.run !== run) continue;
      p.done = true;
      s.pending.splice(i, 1);
    }
  }
}

async function load(req: LoadRequest): Promise<LoadResult> {
  // A tag names one load at a time: a `stop` of an earlier load with the same tag is spent.
  if (req.tag !== undefined) stopped.delete(req.tag);
  const list = req.ids.map((id) => sessions.get(id)).filter((s): s is LoadSession => s !== undefined);
  const run = newRun(req.records);
  const framesBefore = framesReceived;
  const n = list.length;
  const period = 1000 / req.ratePerSession;
  const lags: number[] = [];
  let aborted = false;
  let sent = 0;
  if (n > 0) {
    const start = Math.max(now(), req.startAt);
    const end = start + req.durationMs;
    let k = 0;
    await new Promise<void>((resolve) => {
      // Open loop: send k goes to session k % n at its slot, evenly spread over each period,
      // whether or not earlier commands were answered (no coordinated omission).
      const tick = () => {
        const t = now();
        for (;;) {
          const cycle = Math.floor(k / n);
          const i = k % n;
          const due = start + cycle * period + (i / n) * period;
          if (due >= end || (req.tag !== undefined && stopped.has(req.tag))) return resolve();
          if (due > t) break;
          if (run.outstanding >= req.maxOutstanding || oldestAge(run, t) > req.abortAfterMs) {
            aborted = true;
            return resolve();
          }
          const session = list[i] as LoadSession;
          if (session.open) {
            session.command(req.mix[(cycle + i) % req.mix.length] as CommandKind, run);
            lags.push(t - due);
            sent++;
          }
          k++;
        }
        setTimeout(tick, 1);
      };
      setTimeout(tick, Math.max(0, start - now()));
    });
    await drain(run, req.drainMs);
    retire(run, req.ids);
  }
  lags.sort((a, b) => a - b);
  return {
    sent,
    answered: run.answered,
    unanswered: sent - run.answered,
    latencies: run.latencies,
    records: run.records ?? [],
    aborted,
    scheduleLagP99: lags[Math.max(0, Math.ceil(lags.length * 0.99) - 1)] ?? 0,
    scheduleLagMax: lags[lags.length - 1] ?? 0,
    framesReceived: framesReceived - framesBefore,
  };
}

async function probe(req: ProbeRequest): Promise<ProbeResult> {
  const list = req.ids.map((id) => sessions.get(id)).filter((s): s is LoadSession => s?.open === true);
  const run = newRun(false);
  const start = now();
  for (const [i, session] of list.entries()) {
    const due = start + (i / list.length) * req.spreadMs;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    if (session.open) session.command(req.kind, run);
  }
  const sent = run.outstanding + run.answered;
  await drain(run, req.timeoutMs);
  retire(run, req.ids);
  return { sent, answered: run.answered, latencies: run.latencies };
}

function arm(req: ArmRequest): Record<string, never> {
  for (const id of req.ids) sessions.get(id)?.arms.set(req.needle, 0);
  return {};
}

async function collect(req: CollectRequest): Promise<CollectResult> {
  const armed = [...sessions.values()].filter((s) => s.arms.has(req.needle));
  const until = now() + req.timeoutMs;
  while (now() < until && armed.some((s) => s.arms.get(req.needle) === 0)) await sleep(2);
  const times = armed.map((s) => s.arms.get(req.needle) ?? 0).filter((t) => t > 0);
  for (const s of armed) s.arms.delete(req.needle);
  return {
    armed: armed.length,
    received: times.length,
    first: times.length > 0 ? Math.min(...times) : null,
    last: times.length > 0 ? Math.max(...times) : null,
  };
}

async function chargen(req: ChargenRequest): Promise<ChargenResult> {
  const result: ChargenResult = { charcreate: [], ic: [], failed: 0, errors: [] };
  const fail = (err: unknown) => {
    result.failed++;
    if (result.errors.length < 5) result.errors.push((err as Error).message);
  };
  await Promise.all(
    req.ids.map(async (id, i) => {
      const session = sessions.get(id);
      for (const name of req.names[i] ?? []) {
        try {
          if (!session?.open) throw new Error(`session ${id} is not open`);
          const timeout = (step: string) => () =>
            `${step} ${name}: no answer in ${req.timeoutMs} ms; last text: ${session.lastText.slice(0, 160)}`;
          result.charcreate.push(
            await exchange(
              session,
              `charcreate ${name}`,
              (raw) => raw.includes('Created new character'),
              req.timeoutMs,
              timeout('charcreate'),
            ),
          );
          result.ic.push(
            await exchange(
              session,
              `ic ${name}`,
              (raw) => raw.startsWith('["session"') && raw.includes(`"puppet":"${name}"`),
              req.timeoutMs,
              timeout('ic'),
            ),
          );
        } catch (err) {
          fail(err);
          return;
        }
      }
    }),
  );
  return result;
}

async function close(ids: readonly number[]): Promise<Record<string, never>> {
  const closing: Promise<void>[] = [];
  for (const id of ids) {
    const s = sessions.get(id);
    if (!s) continue;
    sessions.delete(id);
    s.closing = true;
    closing.push(s.wire.close(5000));
  }
  await Promise.all(closing);
  return {};
}

function stats(): StatsResult {
  let open = 0;
  let closedByPeer = 0;
  const closeCodes: Record<string, number> = {};
  for (const s of sessions.values()) {
    if (s.open) open++;
    if (s.closedByPeer) {
      closedByPeer++;
      const key = String(s.closeCode ?? 'none');
      closeCodes[key] = (closeCodes[key] ?? 0) + 1;
    }
  }
  return { open, closedByPeer, closeCodes, framesReceived, bytesReceived };
}

async function quiet(req: QuietRequest): Promise<QuietResult> {
  const started = now();
  for (;;) {
    const t = now();
    if (t - lastFrameAt >= req.quietMs) return { waitedMs: t - started, quiet: true };
    if (t - started >= req.timeoutMs) return { waitedMs: t - started, quiet: false };
    await sleep(Math.min(50, req.quietMs / 4));
  }
}

async function handle(req: WorkerRequest): Promise<WorkerResult> {
  switch (req.t) {
    case 'open':
      return open(req);
    case 'auth':
      return auth(req);
    case 'move':
      return move(req);
    case 'load':
      return load(req);
    case 'probe':
      return probe(req);
    case 'arm':
      return arm(req);
    case 'collect':
      return collect(req);
    case 'send': {
      const s = sessions.get(req.id);
      if (!s?.open) throw new Error(`session ${req.id} is not open`);
      const sentAt = now();
      s.line(req.line);
      return { sentAt };
    }
    case 'chargen':
      return chargen(req);
    case 'close':
      return close(req.ids);
    case 'stats':
      return stats();
    case 'quiet':
      return quiet(req);
    case 'stop':
      stopped.add(req.tag);
      return {};
  }
}

function reply(message: FromWorker): void {
  process.send?.(message);
}

process.on('message', (message: ToWorker) => {
  handle(message.request).then(
    (result) => reply({ id: message.id, ok: true, result }),
    (err: unknown) => reply({ id: message.id, ok: false, error: String((err as Error)?.stack ?? err) }),
  );
});
// The driver is the only reason to live: when it goes, so do we (and our sockets with us).
process.on('disconnect', () => process.exit(0));
reply({ id: 0, ready: true, pid: process.pid });
