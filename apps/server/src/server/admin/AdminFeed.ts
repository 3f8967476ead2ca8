/**
 * The admin view's feed on the game server (docs/architecture.md#the-admin-view, issue 16).
 *
 * An admin request is an inbound frame of the player's own session: the feed checks that
 * session's account (the superuser, or the `Admin` permission) on every frame, and answers with
 * admin frames to that session only. Anyone else gets `E_NOT_PERMITTED` and nothing more. A
 * watching session is fed pushes — sessions that changed, the processes' health with the
 * portals' samples, new incidents — until it unsubscribes, logs out, or loses the permission.
 *
 * What only a portal knows (its memory, the game server's state as its supervisor sees it, the
 * restart history, its incidents) arrives in its `report`s; the feed merges them with its own.
 */
import {
  type AdminHealth,
  type AdminIn,
  adminOut,
  ErrorCode,
  type HealthSample,
  type IncidentRecord,
  type OutboundFrame,
  out,
  type PortalReport,
  type ProcessMemory,
  SESSID_BLOCK,
} from '@mud/protocol';
import type { Account } from '../../accounts/Account.js';
import { hasPermission } from '../../accounts/permissions.js';
import type { GameServices, GameSession } from '../../commands/GameServices.js';
import type { IncidentRing } from '../../incidentRing.js';
import { logIncident } from '../../incidents.js';
import { AdminActions } from './AdminActions.js';
import { SessionRows, sessionRow } from './sessionRows.js';

/** Health samples kept: 20 minutes at the portal's 2 s. */
const HISTORY = 600;
/** Incidents kept, the portals' and this server's together. */
const INCIDENTS = 200;
/** One refusal incident per session in this time: a refused page retrying cannot flood the log. */
const REFUSAL_LOG_MS = 10_000;

const DEFAULT_PORTAL = 'local';

interface PortalView {
  id: string;
  pid: number;
  startedAt: number;
  memory: ProcessMemory;
  restarts: PortalReport['restarts'];
}

export interface AdminFeedOptions {
  game: Pick<GameServices, 'sessions' | 'logger' | 'requestRestart'>;
  /** Sends a frame to one session. */
  send(session: GameSession, frame: OutboundFrame): void;
  /** Tells the portal the session's sync data changed (its `adminFeed` mark). */
  sync(session: GameSession): void;
  /** This process's incidents (fed from its logger); empty when absent. */
  incidents?: IncidentRing | undefined;
  memory?: () => ProcessMemory;
  /** Called every tick with this process's memory: the portal's samples carry it. */
  reportMemory?: (memory: ProcessMemory) => void;
  tickMs?: number | undefined;
  now?: () => number;
}

export class AdminFeed {
  private readonly watchers = new Set<GameSession>();
  private readonly portals = new Map<string, PortalView>();
  /** Which portal holds which sessions, from the portals' reports: by sessid block, by sessid. */
  private readonly blockOwners = new Map<number, string>();
  private readonly adoptedBy = new Map<number, string>();
  private readonly history: HealthSample[] = [];
  private pendingSamples: HealthSample[] = [];
  private readonly incidents = new Map<string, IncidentRecord>();
  private pendingIncidents = new Map<string, IncidentRecord>();
  private ownCursor = 0;
  private readonly rows = new SessionRows();
  private readonly actions: AdminActions;
  private readonly refusedAt = new WeakMap<GameSession, number>();
  private timer: NodeJS.Timeout | undefined;
  private rowsSoon: NodeJS.Immediate | undefined;
  private upSince: number;
  private readonly now: () => number;
  private readonly memory: () => ProcessMemory;

  constructor(private readonly o: AdminFeedOptions) {
    this.now = o.now ?? Date.now;
    this.upSince = this.now();
    this.memory =
      o.memory ??
      (() => {
        const { rss, heapUsed } = process.memoryUsage();
        return { rss, heapUsed };
      });
    this.actions = new AdminActions(o.game);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.tickMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.rowsSoon) clearImmediate(this.rowsSoon);
  }

  /** This game server now serves: its uptime starts here. */
  serving(): void {
    this.upSince = this.now();
  }

  // ---- requests ------------------------------------------------------------------------------

  /** An `admin` frame from `session`: authorised against its account, then done. */
  handle(session: GameSession, frame: AdminIn): void {
    if (!this.allowed(session)) {
      this.refuse(session, 'The admin view is for the superuser and accounts with the Admin permission.');
      return;
    }
    switch (frame[1][0]) {
      case 'subscribe':
        this.subscribe(session);
        return;
      case 'unsubscribe':
        this.unwatch(session);
        return;
      default:
        this.o.send(session, this.actions.run(session, frame as Parameters<AdminActions['run']>[1]));
    }
  }

  private allowed(session: GameSession): boolean {
    return hasPermission(session.account, 'Admin');
  }

  private refuse(session: GameSession, message: string): void {
    const last = this.refusedAt.get(session) ?? Number.NEGATIVE_INFINITY;
    const now = this.now();
    if (now - last >= REFUSAL_LOG_MS) {
      this.refusedAt.set(session, now);
      logIncident(
        this.o.game.logger,
        'admin-refused',
        { sessid: session.sessid, address: session.address, account: session.account?.name },
        'warn',
      );
    }
    this.o.send(session, out.error(ErrorCode.NotPermitted, message, 'admin'));
  }

  private subscribe(session: GameSession): void {
    // Everyone already watching is brought up to date first: the snapshot starts from here.
    this.pushSessions();
    this.watchers.add(session);
    if (!session.adminFeed) {
      session.adminFeed = true;
      this.o.sync(session);
    }
    this.o.send(
      session,
      adminOut.snapshot({
        account: session.account?.name ?? '',
        sessions: this.currentRows(),
        health: this.health(),
        history: [...this.history],
        incidents: [...this.incidents.values()],
      }),
    );
  }

  private unwatch(session: GameSession): void {
    this.watchers.delete(session);
    if (session.adminFeed) {
      session.adminFeed = false;
      this.o.sync(session);
    }
  }

  // ---- what changes --------------------------------------------------------------------------

  /** A session came, went, logged in or out, or changed puppet: its row is pushed soon. */
  sessionsChanged(): void {
    if (this.watchers.size === 0 || this.rowsSoon) return;
    this.rowsSoon = setImmediate(() => {
      this.rowsSoon = undefined;
      this.pushSessions();
    });
  }

  /** The session is gone: it watches no more. */
  forget(session: GameSession): void {
    this.watchers.delete(session);
    this.sessionsChanged();
  }

  /** The account's permissions changed (`perm`): its sessions that may no longer watch stop. */
  accessChanged(account: Account): void {
    if (hasPermission(account, 'Admin')) return;
    for (const session of account.sessions.all()) {
      if (!this.watchers.has(session) && !session.adminFeed) continue;
      this.unwatch(session);
      this.o.send(session, out.error(ErrorCode.NotPermitted, 'Your Admin permission was revoked.', 'admin'));
    }
  }

  /**
   * After a restart: sessions that watched before it watch on, with a fresh snapshot, if their
   * account still may; the others are unmarked.
   */
  restored(): void {
    for (const session of this.o.game.sessions.all()) {
      if (!session.adminFeed) continue;
      if (this.allowed(session)) this.subscribe(session);
      else this.unwatch(session);
    }
  }

  /** What a portal knows: its process, samples, restarts and incidents. */
  report(report: PortalReport): void {
    this.portals.set(report.portalId, {
      id: report.portalId,
      pid: report.pid,
      startedAt: report.startedAt,
      memory: report.memory,
      restarts: report.restarts,
    });
    let moved = false;
    for (const block of report.blocks ?? []) {
      moved ||= this.blockOwners.get(block) !== report.portalId;
      this.blockOwners.set(block, report.portalId);
    }
    if (report.adopted) {
      const carried = new Set(report.adopted);
      for (const [sessid, portal] of this.adoptedBy) {
        if (portal === report.portalId && !carried.has(sessid)) this.adoptedBy.delete(sessid);
      }
      for (const sessid of carried) {
        moved ||= this.adoptedBy.get(sessid) !== report.portalId;
        this.adoptedBy.set(sessid, report.portalId);
      }
    }
    // A session's portal column changed: watchers see it now, not at the next session change.
    if (moved) this.pushSessions();
    for (const sample of report.samples) {
      this.history.push(sample);
      this.pendingSamples.push(sample);
    }
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    if (this.pendingSamples.length > HISTORY) this.pendingSamples.splice(0, this.pendingSamples.length - HISTORY);
    for (const incident of report.incidents) this.addIncident(incident);
  }

  private addIncident(incident: IncidentRecord): void {
    // Who it was, where the process that logged it only knew the session.
    const account =
      incident.account ??
      (incident.sessid === null ? null : (this.o.game.sessions.get(incident.sessid)?.account?.name ?? null));
    const record = { ...incident, account };
    this.incidents.delete(record.id);
    this.incidents.set(record.id, record);
    this.pendingIncidents.set(record.id, record);
    while (this.incidents.size > INCIDENTS) {
      const oldest = this.incidents.keys().next().value;
      if (oldest === undefined) break;
      this.incidents.delete(oldest);
    }
  }

  // ---- pushes --------------------------------------------------------------------------------

  private portalId(): string {
    return this.portals.keys().next().value ?? DEFAULT_PORTAL;
  }

  /** The portal holding the session: the one carrying it, else the one whose block it is. */
  private portalOf(sessid: number, fallback: string): string {
    return this.adoptedBy.get(sessid) ?? this.blockOwners.get(Math.floor(sessid / SESSID_BLOCK)) ?? fallback;
  }

  private currentRows() {
    const fallback = this.portalId();
    return this.o.game.sessions
      .all()
      .sort((a, b) => a.sessid - b.sessid)
      .map((s) => sessionRow(s, this.portalOf(s.sessid, fallback)));
  }

  private pushSessions(): void {
    const { upsert, remove } = this.rows.changes(this.currentRows());
    if (upsert.length > 0 || remove.length > 0) this.toWatchers(adminOut.sessions(upsert, remove));
  }

  private health(): AdminHealth {
    const portals = [...this.portals.values()];
    const restarts = portals.flatMap((p) => p.restarts).sort((a, b) => a.at - b.at);
    const latest = this.history.at(-1);
    return {
      state: latest?.state ?? 'up',
      upSince: this.upSince,
      server: { pid: process.pid, memory: this.memory() },
      portals: portals.map(({ id, pid, startedAt, memory }) => ({ id, pid, startedAt, memory })),
      restarts,
    };
  }

  private toWatchers(frame: OutboundFrame): void {
    for (const session of this.watchers) this.o.send(session, frame);
  }

  /** Every couple of seconds: this process's memory to the portal; the pushes to watchers. */
  tick(): void {
    this.o.reportMemory?.(this.memory());
    const own = this.o.incidents?.since(this.ownCursor);
    if (own) {
      this.ownCursor = own.cursor;
      for (const incident of own.records) this.addIncident(incident);
    }
    if (this.watchers.size === 0) {
      this.pendingSamples = [];
      this.pendingIncidents = new Map();
      return;
    }
    this.pushSessions();
    this.toWatchers(adminOut.health(this.health(), this.pendingSamples));
    this.pendingSamples = [];
    if (this.pendingIncidents.size > 0) this.toWatchers(adminOut.incidents([...this.pendingIncidents.values()]));
    this.pendingIncidents = new Map();
  }
}
