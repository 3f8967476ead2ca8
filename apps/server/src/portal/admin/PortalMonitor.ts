/**
 * What only the portal knows, for the admin view (docs/architecture.md#the-admin-view, issue 16):
 * its own memory, the game server's state as its supervisor sees it (up, reloading, down), the
 * history of game-server starts (reloads, resets, crashes, with how long players waited), its
 * incidents (refused frames, rate-limited sessions, throttled connections, crashes).
 *
 * Every couple of seconds it takes a health sample and sends the serving game server a `report`
 * with what is new; a game server that takes over is sent everything kept. The game server
 * authorises watchers and feeds them; while no game server can answer (a reload's hand-over, a
 * crash), the portal itself tells the sessions the game server marked as watchers (`adminFeed`
 * in their sync data) that the state changed.
 */
import {
  adminOut,
  type HealthSample,
  type InboundFrame,
  type PortalReport,
  type ProcessMemory,
  type RestartKind,
  type RestartRecord,
  type StartKind,
} from '@mud/protocol';
import type { IncidentRing } from '../../incidentRing.js';
import { logIncident } from '../../incidents.js';
import type { Logger } from '../../logger.js';
import type { PortalSession } from '../PortalSession.js';
import type { ServerState } from '../supervisor/GameServerSupervisor.js';

/** Samples kept: 20 minutes at one every 2 s. */
const SAMPLES = 600;
const RESTARTS = 50;
/** A throttled address is logged at most this often. */
const REFUSAL_LOG_MS = 10_000;
/** Inputs that are commands: what "commands per second" counts. */
const COMMANDS: ReadonlySet<string> = new Set(['text', 'login', 'create']);

export interface PortalMonitorOptions {
  /** `MUD_PORTAL_ID`, `local` on one machine. */
  portalId: string;
  logger: Logger;
  /** This process's recent incidents (fed from its logger). */
  incidents?: IncidentRing | undefined;
  sessions: () => Iterable<PortalSession>;
  sessionCount: () => number;
  /** Which sessions this portal holds (`PortalSessionRegistry.ownership`). */
  ownership?: () => { blocks: number[]; adopted: number[] };
  state: () => ServerState;
  /** Sends to the serving game server (dropped when none accepts). */
  send: (report: PortalReport) => void;
  /** How often the state is looked at; every `samplesEvery`-th look takes a sample and reports. */
  checkMs?: number;
  samplesEvery?: number;
  now?: () => number;
  memory?: () => ProcessMemory;
}

export class PortalMonitor {
  readonly startedAt: number;
  private readonly samples: HealthSample[] = [];
  private taken = 0;
  private sampleCursor = 0;
  private incidentCursor = 0;
  private readonly restarts: RestartRecord[] = [];
  private commands = 0;
  private lastSampleAt: number;
  private serverMemory: ProcessMemory | null = null;
  /** Why the game server is not serving, and since when: a restart's request or a crash. */
  private waiting: { at: number; by: string | null } | undefined;
  private lastState: ServerState;
  private checks = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly refusalsLogged = new Map<string, number>();
  private readonly now: () => number;
  private readonly memory: () => ProcessMemory;

  constructor(private readonly o: PortalMonitorOptions) {
    this.now = o.now ?? Date.now;
    this.startedAt = this.now();
    this.lastSampleAt = this.startedAt;
    this.lastState = o.state();
    this.memory =
      o.memory ??
      (() => {
        const { rss, heapUsed } = process.memoryUsage();
        return { rss, heapUsed };
      });
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.o.checkMs ?? 500);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  // ---- what the portal tells it --------------------------------------------------------------

  /** A frame of a session, on its way to the game server. */
  input(frame: InboundFrame): void {
    if (COMMANDS.has(frame[0])) this.commands += 1;
  }

  /** The serving game server's memory (its `health` message). */
  serverHealth(memory: ProcessMemory): void {
    this.serverMemory = memory;
  }

  /** A `reload` / `reset` was asked for (and started, if the state now reads `reloading`). */
  restartRequested(_kind: RestartKind, by: string): void {
    if (this.o.state() === 'reloading') this.waiting = { at: this.now(), by };
    this.check();
  }

  /** A connection was refused by the per-address limits: logged, at most once in a while per address. */
  connectionRefused(address: string, reason: string): void {
    const now = this.now();
    if (now - (this.refusalsLogged.get(address) ?? Number.NEGATIVE_INFINITY) < REFUSAL_LOG_MS) return;
    if (this.refusalsLogged.size > 10_000) this.refusalsLogged.clear();
    this.refusalsLogged.set(address, now);
    logIncident(this.o.logger, 'connection-throttled', { address, detail: reason }, 'warn');
  }

  /**
   * A game server takes the sessions over: the start is recorded, watchers are told it is up,
   * and the report it is sent next carries everything kept.
   */
  served(kind: StartKind): void {
    const now = this.now();
    const waited = kind === 'first' ? undefined : this.waiting;
    this.restarts.push({ at: now, kind, by: waited?.by ?? null, ms: waited ? now - waited.at : null });
    if (this.restarts.length > RESTARTS) this.restarts.splice(0, this.restarts.length - RESTARTS);
    this.waiting = undefined;
    this.serverMemory = null;
    this.sampleCursor = 0;
    this.incidentCursor = 0;
    this.tellWatchers('up');
  }

  // ---- ticks ---------------------------------------------------------------------------------

  /** Looks at the state (watchers hear of a change at once); every few looks, samples and reports. */
  check(): void {
    const state = this.o.state();
    if (state !== this.lastState) {
      if (state === 'down' && !this.waiting) this.waiting = { at: this.now(), by: null };
      this.tellWatchers(state);
    }
    this.checks += 1;
    if (this.checks % (this.o.samplesEvery ?? 4) === 0) {
      this.sample();
      this.o.send(this.report());
    }
  }

  private tellWatchers(state: ServerState): void {
    this.lastState = state;
    const frame = adminOut.state(state, this.now());
    for (const session of this.o.sessions()) if (session.sync.adminFeed === true) session.send([frame]);
  }

  sample(): HealthSample {
    const now = this.now();
    const seconds = Math.max((now - this.lastSampleAt) / 1000, 0.001);
    const state = this.o.state();
    const sample: HealthSample = {
      at: now,
      portal: this.o.portalId,
      state,
      sessions: this.o.sessionCount(),
      commandsPerSecond: Math.round((this.commands / seconds) * 100) / 100,
      portalRss: this.memory().rss,
      serverRss: state === 'down' ? null : (this.serverMemory?.rss ?? null),
    };
    this.commands = 0;
    this.lastSampleAt = now;
    this.samples.push(sample);
    this.taken += 1;
    if (this.samples.length > SAMPLES) this.samples.splice(0, this.samples.length - SAMPLES);
    return sample;
  }

  /** What the game server has not been sent yet (everything, for a new one). */
  report(): PortalReport {
    const fresh = Math.min(this.taken - this.sampleCursor, this.samples.length);
    this.sampleCursor = this.taken;
    const incidents = this.o.incidents?.since(this.incidentCursor);
    if (incidents) this.incidentCursor = incidents.cursor;
    return {
      t: 'report',
      portalId: this.o.portalId,
      pid: process.pid,
      startedAt: this.startedAt,
      memory: this.memory(),
      samples: fresh > 0 ? this.samples.slice(-fresh) : [],
      restarts: [...this.restarts],
      incidents: incidents?.records ?? [],
      ...this.o.ownership?.(),
    };
  }
}
