/**
 * The soak driver (issue 6): `npm run soak -- [--minutes 10] [--players 200]`.
 *
 * Starts the real game (portal + game server, fresh data directory) with the per-address limits
 * relaxed — every simulated player comes from 127.0.0.1 — and forks load generators that play
 * the players (see generator.ts): look, say, pose, who, sessions, with quits, dropped sockets,
 * resumes and fresh logins mixed in. A superuser reloads the game server every two minutes. The
 * RSS of the portal and the game server is sampled throughout, and both are asked for their heap
 * after a forced GC (SIGUSR2, docs/settings.md#signals) to judge its growth (heapVerdict.ts).
 *
 * At the end it stops the players, compares the portal's session count (`/health`) with the
 * connections the generators hold (leaked sessions), closes everything and checks the count
 * falls to zero, then writes `soak/results/<timestamp>.json` and prints a summary. It exits
 * non-zero on leaked sessions, lost commands (never answered, or cut off by the server), a
 * failed reload, a crashed generator, errors in the game's log, a game that did not stop
 * cleanly, or a heap that grows faster than --max-heap-growth after the warm-up (README.md#soak).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GameProcess } from '@mud/server/testing';
import { HEAP_SAMPLES_FILE, type HeapSample, judgeHeap, parseHeapSamples } from './heapVerdict.js';
import { rssOf, signalHeapProbes, slope } from './memory.js';
import type { FromGenerator, ToGenerator } from './messages.js';
import { parseOptions, type SoakOptions, USAGE, UsageError } from './options.js';
import { SoakPlayer, sleep } from './SoakPlayer.js';
import { emptyStats, type GeneratorStats, mergeStats, percentile } from './stats.js';

const SOAK_ROOT = fileURLToPath(new URL('../', import.meta.url));
const GENERATOR_ENTRY = fileURLToPath(new URL('./generator.ts', import.meta.url));
const ADMIN = { name: 'SoakAdmin', password: 'soak-admin-secret-1' };
const MB = 1024 * 1024;

interface Sample {
  atMs: number;
  portalRssMb: number | null;
  serverRssMb: number | null;
  serverPid: number | null;
  sessions: number | null;
  server: string;
  online: number;
  commandsAnswered: number;
}

interface Reload {
  atMs: number;
  ms: number;
  ok: boolean;
}

function log(message: string): void {
  process.stdout.write(`\x1b[35m[soak]\x1b[0m ${message}\n`);
}

const mb = (bytes: number | undefined): number | null =>
  bytes === undefined ? null : Math.round((bytes / MB) * 10) / 10;

/** A forked load generator and the newest stats it reported. */
class Generator {
  stats: GeneratorStats = emptyStats();
  exitCode: number | null | undefined;
  private readonly waiting = new Map<string, (stats: GeneratorStats) => void>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromGenerator) => {
      this.stats = message.stats;
      this.waiting.get(message.t)?.(message.stats);
    });
    child.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  send(message: ToGenerator): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Sends `message` and waits for the answer `answer`, or gives up after `timeoutMs`. */
  async ask(
    message: ToGenerator,
    answer: 'stopped' | 'closed',
    timeoutMs: number,
  ): Promise<GeneratorStats | undefined> {
    const answered = new Promise<GeneratorStats>((resolve) => this.waiting.set(answer, resolve));
    this.send(message);
    return Promise.race([answered, sleep(timeoutMs).then(() => undefined)]);
  }
}

async function sessionsNow(game: GameProcess): Promise<number | null> {
  try {
    return (await game.health()).sessions;
  } catch {
    return null;
  }
}

/** Polls /health until it reports `want` sessions or `timeoutMs` passes; returns the last count. */
async function settleSessions(game: GameProcess, want: number, timeoutMs: number): Promise<number | null> {
  const until = Date.now() + timeoutMs;
  let last = await sessionsNow(game);
  while (last !== want && Date.now() < until) {
    await sleep(250);
    last = await sessionsNow(game);
  }
  return last;
}

async function soak(options: SoakOptions): Promise<number> {
  const startedAt = new Date();
  const rampMs = Math.min(30_000, options.durationMs / 4);
  const reloadEveryMs = Math.min(options.reloadEveryMs, options.durationMs / 2);
  log(
    `${options.players} players on ${options.generators} generator(s) for ${Math.round(options.durationMs / 1000)} s; ` +
      `reload every ${Math.round(reloadEveryMs / 1000)} s; seed ${options.seed}`,
  );
  const game = await GameProcess.start({
    env: {
      MUD_MULTISESSION_MODE: '0',
      MUD_SUPERUSER_NAME: ADMIN.name,
      MUD_SUPERUSER_PASSWORD: ADMIN.password,
      // Every simulated player comes from 127.0.0.1: the per-address limits would refuse them.
      MUD_MAX_SESSIONS_PER_IP: '0',
      MUD_MAX_CONNECTION_RATE: '0',
      MUD_LOGIN_THROTTLE_LIMIT: '0',
      MUD_CREATION_THROTTLE_LIMIT: '0',
      MUD_RESUME_GRACE: String(options.resumeGraceSeconds),
      MUD_LOG_LEVEL: 'warn',
      // The heap probe (apps/server/src/util/heapProbe.ts) needs gc(); the forked game server
      // inherits NODE_OPTIONS through the portal's environment.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
    },
  });
  log(`game up on port ${game.port}, data in ${game.dataDir}`);
  const reasons: string[] = [];
  const samples: Sample[] = [];
  const reloads: Reload[] = [];
  const adminStats = emptyStats(1);
  const admin = new SoakPlayer(ADMIN.name, ADMIN.password, game.wsUrl, adminStats, 60_000, true);
  let gameExit: number | null = null;
  let final: GeneratorStats = emptyStats();
  let leakedWhileOpen: number | null = null;
  let leakedAfterClose: number | null = null;
  let onlineAtStop = 0;
  const begin = Date.now();
  const generators: Generator[] = [];

  try {
    if (!(await admin.enter())) throw new Error('the superuser could not log in');
    const names = Array.from({ length: options.players }, (_, i) => `Soak${i}`);
    for (let g = 0; g < options.generators; g++) {
      const generator = new Generator(fork(GENERATOR_ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      generators.push(generator);
      generator.send({
        t: 'start',
        plan: {
          url: game.wsUrl,
          names: names.filter((_, i) => i % options.generators === g),
          rampMs,
          thinkMs: options.thinkMs,
          answerTimeoutMs: options.answerTimeoutMs,
          seed: options.seed + g,
        },
      });
    }

    const sample = async () => {
      const total = mergeStats(generators.map((g) => g.stats));
      let serverPid: number | null = null;
      try {
        serverPid = await game.pid('server', 500);
      } catch {
        // between two game servers
      }
      let server = 'unknown';
      let sessions: number | null = null;
      try {
        const health = await game.health();
        server = health.server;
        sessions = health.sessions;
      } catch {
        server = 'unreachable';
      }
      const s: Sample = {
        atMs: Date.now() - begin,
        portalRssMb: mb(rssOf(game.child.pid ?? 0)),
        serverRssMb: serverPid === null ? null : mb(rssOf(serverPid)),
        serverPid,
        sessions,
        server,
        online: total.online,
        commandsAnswered: total.commandsAnswered,
      };
      samples.push(s);
      const lost = total.commandsUnanswered + total.commandsCutOff;
      log(
        `t=${Math.round(s.atMs / 1000)}s online ${total.online}/${options.players} sessions ${sessions} ` +
          `cmds ${total.commandsAnswered}/${total.commandsSent} lost ${lost} p95 ${percentile(total, 0.95)}ms ` +
          `portal ${s.portalRssMb} MB server ${s.serverRssMb} MB (${server})`,
      );
    };

    const probeHeaps = async () => {
      let serverPid: number | null = null;
      try {
        serverPid = await game.pid('server', 500);
      } catch {
        // between two game servers: the next round gets it
      }
      signalHeapProbes([game.child.pid, serverPid]);
    };

    let nextSample = 0;
    let nextHeap = options.heapEveryMs;
    let nextReload = reloadEveryMs;
    while (Date.now() - begin < options.durationMs) {
      const elapsed = Date.now() - begin;
      if (elapsed >= nextSample) {
        nextSample += options.sampleEveryMs;
        await sample();
      }
      if (elapsed >= nextHeap) {
        nextHeap += options.heapEveryMs;
        await probeHeaps();
      }
      if (elapsed >= nextReload && elapsed < options.durationMs - 5000) {
        nextReload += reloadEveryMs;
        const started = Date.now();
        const ok = await admin.run('reload', 'Server restarted', 60_000);
        reloads.push({ atMs: started - begin, ms: Date.now() - started, ok });
        log(`reload ${ok ? 'done' : 'FAILED'} in ${Date.now() - started} ms`);
        if (!ok) reasons.push(`a reload at ${Math.round((started - begin) / 1000)} s did not finish`);
      }
      for (const g of generators) {
        if (g.exitCode !== undefined) throw new Error(`a load generator exited early (${g.exitCode})`);
      }
      await sleep(250);
    }
    await sample();
    await probeHeaps();

    log('stopping the players');
    const stopped = await Promise.all(
      generators.map((g) => g.ask({ t: 'stop' }, 'stopped', options.answerTimeoutMs * 3 + 10_000)),
    );
    if (stopped.some((s) => s === undefined)) reasons.push('a load generator did not stop in time');
    onlineAtStop = stopped.reduce((n, s) => n + (s?.online ?? 0), 0);
    // Dropped sessions that were never resumed end after the grace period; then the portal should
    // hold exactly the generators' open connections and the admin's.
    await sleep(options.resumeGraceSeconds * 1000 + 2000);
    const open = await settleSessions(game, onlineAtStop + 1, 20_000);
    leakedWhileOpen = open === null ? null : open - (onlineAtStop + 1);
    log(`sessions at the portal ${open}, open connections ${onlineAtStop + 1}`);

    const closed = await Promise.all(generators.map((g) => g.ask({ t: 'close' }, 'closed', 30_000)));
    if (closed.some((s) => s === undefined)) reasons.push('a load generator did not close its connections in time');
    await admin.close();
    const left = await settleSessions(game, 0, 20_000);
    leakedAfterClose = left;
    log(`sessions after every connection closed: ${left}`);
    final = mergeStats(generators.map((g) => g.stats));
  } catch (err) {
    reasons.push(`the run failed: ${(err as Error).message}`);
    final = mergeStats(generators.map((g) => g.stats));
  } finally {
    for (const g of generators) if (g.exitCode === undefined) g.child.kill();
    gameExit = await game.stop();
  }

  // ---- the verdict ------------------------------------------------------------------------
  if (leakedWhileOpen !== 0) reasons.push(`leaked sessions while players were connected: ${leakedWhileOpen}`);
  if (leakedAfterClose !== 0) reasons.push(`sessions left after every connection closed: ${leakedAfterClose}`);
  const lost = final.commandsUnanswered + final.commandsCutOff;
  if (lost > 0) reasons.push(`lost commands: ${final.commandsUnanswered} unanswered, ${final.commandsCutOff} cut off`);
  if (gameExit !== 0) reasons.push(`the game exited with ${gameExit} on SIGTERM`);
  const gameLog = game.log().split('\n');
  const logErrors = gameLog.filter((line) => /"level":(50|60)/.test(line));
  const logWarnings = gameLog.filter((line) => /"level":40/.test(line));
  if (logErrors.length > 0) reasons.push(`the game logged ${logErrors.length} error(s); see logErrorSamples`);

  // The heap after a forced GC, judged after the warm-up (heapVerdict.ts).
  let heapSamples: HeapSample[] = [];
  try {
    heapSamples = parseHeapSamples(readFileSync(join(game.dataDir, HEAP_SAMPLES_FILE), 'utf8'));
  } catch {
    // no samples at all: judgeHeap says so
  }
  const heap = judgeHeap(heapSamples, {
    begin,
    durationMs: options.durationMs,
    warmUpMs: options.warmUpMs,
    maxGrowthMbPerHour: options.maxHeapGrowthMbPerHour,
  });
  reasons.push(...heap.reasons);

  // Memory: from the first sample after every player has come in, to the last.
  const steady = samples.filter((s) => s.atMs >= rampMs + options.sampleEveryMs);
  const series = (pick: (s: Sample) => number | null) =>
    steady.flatMap((s) => {
      const v = pick(s);
      return v === null ? [] : [[s.atMs / 60_000, v] as [number, number]];
    });
  const growth = (pick: (s: Sample) => number | null) => {
    const points = series(pick);
    const first = points[0]?.[1] ?? null;
    const last = points.at(-1)?.[1] ?? null;
    return {
      startMb: first,
      endMb: last,
      growthMb: first === null || last === null ? null : Math.round((last - first) * 10) / 10,
      slopeMbPerMin: Math.round(slope(points) * 100) / 100,
      peakMb: points.reduce<number | null>((m, [, v]) => (m === null || v > m ? v : m), null),
    };
  };

  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    game: { dataDir: game.dataDir, exitCode: gameExit, logErrors: logErrors.length, logWarnings: logWarnings.length },
    logErrorSamples: logErrors.slice(0, 10),
    players: options.players,
    onlineAtStop,
    leakedSessions: { whileOpen: leakedWhileOpen, afterClose: leakedAfterClose },
    commands: {
      sent: final.commandsSent,
      answered: final.commandsAnswered,
      unanswered: final.commandsUnanswered,
      cutOff: final.commandsCutOff,
      unansweredSamples: final.unansweredSamples,
      latencyMs: {
        p50: percentile(final, 0.5),
        p95: percentile(final, 0.95),
        p99: percentile(final, 0.99),
        max: Math.round(final.latencyMaxMs),
      },
    },
    errorFrames: final.errorFrames,
    unexpectedCloses: final.unexpectedCloses,
    connections: {
      creates: final.creates,
      logins: final.logins,
      quits: final.quits,
      drops: final.drops,
      resumes: final.resumes,
      resumeFailures: final.resumeFailures,
      connectFailures: final.connectFailures,
    },
    framesReceived: final.framesIn,
    reloads,
    memory: { portal: growth((s) => s.portalRssMb), server: growth((s) => s.serverRssMb) },
    heap,
    samples,
    heapSamples: heapSamples.map((s) => ({ ...s, atMs: s.at - begin })),
    ok: reasons.length === 0,
    reasons,
  };

  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const errorCount = Object.values(final.errorFrames).reduce((a, b) => a + b, 0);
  const closeCount = Object.values(final.unexpectedCloses).reduce((a, b) => a + b, 0);
  log('---------------------------------------------------------------------');
  log(`players ${options.players}, ${Math.round((Date.now() - begin) / 1000)} s, ${reloads.length} reload(s)`);
  log(
    `commands ${final.commandsSent} sent, ${final.commandsAnswered} answered, ${final.commandsUnanswered} unanswered, ` +
      `${final.commandsCutOff} cut off; latency p50 ${result.commands.latencyMs.p50} ms, p95 ${result.commands.latencyMs.p95} ms, max ${result.commands.latencyMs.max} ms`,
  );
  log(
    `connections: ${final.creates} created, ${final.logins} logins, ${final.quits} quits, ${final.drops} drops, ` +
      `${final.resumes} resumes (${final.resumeFailures} failed), ${final.connectFailures} failed connects`,
  );
  log(
    `error frames ${errorCount} ${JSON.stringify(final.errorFrames)}; unexpected closes ${closeCount} ${JSON.stringify(final.unexpectedCloses)}`,
  );
  log(`leaked sessions: ${leakedWhileOpen} while connected, ${leakedAfterClose} after closing`);
  log(
    `memory: portal ${result.memory.portal.startMb} -> ${result.memory.portal.endMb} MB (${result.memory.portal.slopeMbPerMin} MB/min), ` +
      `game server ${result.memory.server.startMb} -> ${result.memory.server.endMb} MB (replaced at each reload)`,
  );
  for (const role of heap.roles) {
    const processes = role.processes.map((p) => `${p.firstMb}->${p.lastMb}`).join(', ');
    log(
      `heap data after GC (live heap minus compiled code), ${role.role}: ${role.slopeMbPerHour ?? 'not judged'} MB/hour over ${role.judgedSpanMinutes} min, ` +
        `${role.judgedSamples} samples (MB per process: ${processes || 'none'}); bound ${heap.maxGrowthMbPerHour} MB/hour` +
        (heap.judged ? '' : ' — run too short to judge'),
    );
  }
  log(`game log: ${logErrors.length} errors, ${logWarnings.length} warnings; exit ${gameExit}`);
  log(`result: ${file}`);
  log(result.ok ? '\x1b[32mOK\x1b[0m' : `\x1b[31mFAILED\x1b[0m: ${reasons.join('; ')}`);
  return result.ok ? 0 : 1;
}

try {
  const options = parseOptions(process.argv.slice(2), join(SOAK_ROOT, 'results'));
  process.exitCode = await soak(options);
} catch (err) {
  if (err instanceof UsageError) {
    if (err.message) process.stderr.write(`${err.message}\n\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
