/**
 * The one-machine supervisor: game servers are child processes of the portal, started by a
 * launcher (a fork in production, an in-memory stand-in in unit tests).
 *
 * - `reload` / `reset` boot a new game server beside the old one, which keeps serving meanwhile.
 *   Once the new one is ready the old one drains (finishes what it received, saves every
 *   session) and exits, and the new one is handed the sessions. Input is held by the portal only
 *   for that hand-over. A new server that cannot start (broken game code) is dropped and the old
 *   one goes on serving.
 * - A game server that dies is restarted with backoff and handed the last synced sessions; a
 *   crash loop is reported to players and the log instead of spinning.
 */
import { type Carry, LINK_VERSION, type PortalToServer, type RestartKind, type StartKind } from '@mud/protocol';
import { logIncident } from '../../incidents.js';
import type { Logger } from '../../logger.js';
import { within } from '../../util/async.js';
import type { GameServerLauncher } from './GameServerProcess.js';
import type { GameServerSupervisor, ServerEvent, ServerState, SupervisorEvents } from './GameServerSupervisor.js';
import { TrackedServer } from './TrackedServer.js';

export interface SupervisorTimings {
  /** Delays before restarting after the 1st, 2nd, … crash within the crash-loop window. */
  restartBackoffMs: readonly number[];
  /** This many crashes within `crashLoopWindowMs` is a crash loop: retry every `crashLoopRetryMs`. */
  crashLoopCount: number;
  crashLoopWindowMs: number;
  crashLoopRetryMs: number;
  /** How long a new game server may take to say `ready`. */
  readyTimeoutMs: number;
  /** How long a draining game server may take to hand its sessions over. */
  drainTimeoutMs: number;
  /** How long a game server that said its last word may take to exit before it is killed. */
  exitTimeoutMs: number;
}

export const DEFAULT_TIMINGS: SupervisorTimings = {
  restartBackoffMs: [250, 1000, 3000, 10_000],
  crashLoopCount: 5,
  crashLoopWindowMs: 60_000,
  crashLoopRetryMs: 30_000,
  readyTimeoutMs: 60_000,
  drainTimeoutMs: 10_000,
  exitTimeoutMs: 5000,
};

export interface ProcessSupervisorOptions {
  launcher: GameServerLauncher;
  logger: Logger;
  timings?: Partial<SupervisorTimings>;
}

const NO_EVENTS: SupervisorEvents = {
  handOver: () => ({ restore: [], afterHello: [] }),
  drained: () => {},
  message: () => {},
  notice: () => {},
};

export class ProcessSupervisor implements GameServerSupervisor {
  private readonly timings: SupervisorTimings;
  private readonly logger: Logger;
  private events: SupervisorEvents = NO_EVENTS;
  /** The game server that serves (or is booting to serve, after a crash). */
  private current: TrackedServer | undefined;
  /** The new game server of a restart while it boots beside the current one. */
  private booting: TrackedServer | undefined;
  private internal: ServerState = 'down';
  private restarting = false;
  private stopping = false;
  /** What the game keeps across a `reload` (`game.carry`). */
  private carry: Carry = {};
  private crashes: number[] = [];

  constructor(private readonly options: ProcessSupervisorOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.logger = options.logger;
  }

  get state(): ServerState {
    return this.internal === 'up' && this.restarting ? 'reloading' : this.internal;
  }

  get accepting(): boolean {
    return this.internal === 'up';
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  /** `kind`: a cluster's host restarted with sessions stored says `crash`, so players hear of it. */
  start(events: SupervisorEvents, kind: StartKind = 'first'): void {
    this.events = events;
    void this.boot(kind, this.spawn());
  }

  send(message: PortalToServer): void {
    this.current?.child.link.send(message);
  }

  private spawn(): TrackedServer {
    return new TrackedServer(this.options.launcher.launch(), this.logger, (from, message) => {
      if (from !== this.current) return;
      try {
        this.events.message(message as ServerEvent);
      } catch (err) {
        logIncident(this.logger, 'portal-link-handler', { err, t: message.t });
      }
    });
  }

  /** Waits for a game server to be ready, then hands it the sessions. */
  private async boot(kind: StartKind, fresh: TrackedServer): Promise<void> {
    this.current = fresh;
    void fresh.child.exited.then(() => this.exited(fresh));
    const outcome = await fresh.readyOrExit(this.timings.readyTimeoutMs);
    if (this.current !== fresh || this.stopping) return;
    if (outcome === 'exited') return; // `exited` handles it as a crash
    if (outcome === undefined) {
      logIncident(this.logger, 'server-not-ready', { pid: fresh.pid });
      fresh.child.kill();
      return;
    }
    const handOver = this.events.handOver(kind);
    this.send({ t: 'hello', version: LINK_VERSION, kind, sessions: [...handOver.restore], carry: this.carry });
    for (const message of handOver.afterHello) this.send(message);
    this.internal = 'up';
    this.logger.info({ kind, ms: Date.now() - fresh.startedAt, restored: handOver.restore.length }, 'game server up');
  }

  async restart(kind: RestartKind, by: string): Promise<void> {
    const old = this.current;
    if (this.internal !== 'up' || !old || this.stopping || this.restarting) return;
    this.restarting = true;
    const started = Date.now();
    this.logger.info({ kind, by }, 'restart requested');
    const next = this.spawn();
    this.booting = next;
    const booted = await next.readyOrExit(this.timings.readyTimeoutMs);
    this.booting = undefined;
    if (booted !== 'ready' || this.stopping || this.current !== old || this.internal !== 'up') {
      next.kill();
      this.restarting = false;
      if (booted !== 'ready' && !this.stopping) this.restartFailed(kind, next, booted);
      return;
    }
    this.logger.info({ kind, ms: Date.now() - started }, 'new game server ready; handing over');
    const handOver = Date.now();
    this.internal = 'reloading';
    old.planned = true;
    old.child.link.send({ t: 'drain', kind });
    const stopping = await within(old.stopping.promise, this.timings.drainTimeoutMs);
    if (stopping) {
      this.events.drained(stopping.sessions);
      this.carry = kind === 'reload' ? stopping.carry : {};
    } else {
      logIncident(this.logger, 'server-drain-timeout', { pid: old.pid });
    }
    await old.stop(this.timings.exitTimeoutMs);
    this.logger.info({ kind, ms: Date.now() - handOver }, 'old game server stopped');
    this.restarting = false;
    if (this.stopping) {
      next.kill();
      return;
    }
    await this.boot(kind, next);
    this.logger.info({ kind, ms: Date.now() - started, handOverMs: Date.now() - handOver }, 'restart complete');
  }

  /** The new game server of a restart never became ready: the old one serves on. */
  private restartFailed(kind: RestartKind, next: TrackedServer, outcome: 'exited' | undefined): void {
    logIncident(this.logger, 'restart-failed', {
      kind,
      pid: next.pid,
      ...next.exitInfo,
      timedOut: outcome === undefined,
    });
    this.events.notice(
      `|rThe ${kind} failed: the new game server did not start (see the server log). The game goes on as before.|n`,
    );
  }

  private exited(tracked: TrackedServer): void {
    if (tracked.planned || this.stopping || tracked !== this.current) {
      this.logger.info({ pid: tracked.pid, ...tracked.exitInfo }, 'game server exited');
      return;
    }
    this.crashed(tracked);
  }

  /** An unplanned exit of the current game server: tell players, restart with backoff. */
  private crashed(tracked: TrackedServer): void {
    // A crash of a serving game server, or of one that was booting to serve after a crash.
    const wasServing = this.internal !== 'down';
    this.internal = 'down';
    this.current = undefined;
    logIncident(this.logger, 'server-crashed', { pid: tracked.pid, ...tracked.exitInfo });
    const { restartBackoffMs, crashLoopCount, crashLoopWindowMs, crashLoopRetryMs } = this.timings;
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < crashLoopWindowMs);
    this.crashes.push(now);
    const looping = this.crashes.length >= crashLoopCount;
    const delay = looping
      ? crashLoopRetryMs
      : (restartBackoffMs[Math.min(this.crashes.length - 1, restartBackoffMs.length - 1)] ?? crashLoopRetryMs);
    if (looping) {
      logIncident(
        this.logger,
        'server-crash-loop',
        { crashes: this.crashes.length, windowMs: crashLoopWindowMs, retryMs: delay },
        'fatal',
      );
      this.events.notice(
        `|rThe game server keeps failing; retrying every ${delay / 1000} seconds. You stay connected.|n`,
      );
    } else if (wasServing) {
      this.events.notice('The game server stopped unexpectedly; restarting it. You stay connected.');
    }
    setTimeout(() => {
      if (!this.stopping) void this.boot('crash', this.spawn());
    }, delay).unref();
  }

  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.booting?.kill();
    const current = this.current;
    if (current) {
      current.planned = true;
      if (this.internal === 'up') {
        this.send({ t: 'shutdown' });
        await within(current.stopped.promise, this.timings.exitTimeoutMs);
      }
      await current.stop(this.timings.exitTimeoutMs);
    }
    this.internal = 'down';
  }
}
