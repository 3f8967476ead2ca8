/**
 * The game-server host (`MUD_ROLE=server`, docs/cluster.md#roles): it supervises the game server
 * as one machine's portal does (the same `ProcessSupervisor`: reload beside, restart after a
 * crash) and stands in for every portal towards it. Input comes from the JetStream stream through
 * the `InputGate`; sessions live in the `SessionStore`; output goes to the portal holding each
 * session; the host's state goes to every portal each second. A portal that stops beating has
 * its sessions wait MUD_RESUME_GRACE for a resume through another portal, then they end.
 */

import {
  CLUSTER_VERSION,
  type ClusterInput,
  type HostMessage,
  isClusterInput,
  isClusterReport,
  isPortalBeat,
  isReplayRequest,
  type OutputBatch,
  type PortalToServer,
  type SessionSyncData,
  type StartKind,
} from '@mud/protocol';
import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import type { HandOver, ServerEvent, SupervisorEvents } from '../portal/supervisor/GameServerSupervisor.js';
import type { ProcessSupervisor } from '../portal/supervisor/ProcessSupervisor.js';
import { InputGate } from './InputGate.js';
import { encode, Subjects } from './nats.js';
import { OutputLog } from './OutputLog.js';
import type { SessionStore } from './SessionStore.js';

/** A portal silent this long is gone. */
const PORTAL_SILENT_MS = 4000;
const TICK_MS = 1000;

interface PortalSeen {
  instance: string;
  at: number;
  sessions: number;
  bye: boolean;
}

export interface GameHostOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  consumer: Consumer;
  store: SessionStore;
  supervisor: ProcessSupervisor;
  logger: Logger;
  /** Seconds a session of a lost portal waits for a resume elsewhere (MUD_RESUME_GRACE). */
  graceSeconds: number;
  /** The game asked to stop (`shutdown`). */
  onShutdown: (by: string) => void;
}

export class GameHost implements SupervisorEvents {
  private readonly gate: InputGate;
  private readonly portals = new Map<string, PortalSeen>();
  private readonly orphaned = new Map<number, NodeJS.Timeout>();
  private readonly startedAt = Date.now();
  private readonly log = new OutputLog();
  /** Each portal's latest admin report: a game server that takes over is given them. */
  private readonly reports = new Map<string, Extract<PortalToServer, { t: 'report' }>>();
  /** Portal starts whose loss was logged. */
  private readonly lost = new Set<string>();
  private tick: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: GameHostOptions) {
    this.gate = new InputGate(options.supervisor, (sessid, seq) => {
      const record = options.store.get(sessid);
      if (!record) return;
      record.lastSeq = Math.max(record.lastSeq, seq);
      options.store.changed(sessid);
    });
  }

  /** Starts the game server (restoring every stored session), then reads the stream. */
  start(): void {
    const { nc, supervisor, store } = this.options;
    nc.subscribe(Subjects.beat, {
      callback: (err, msg) => {
        if (!err) this.beat(msg.json<unknown>());
      },
    });
    nc.subscribe(Subjects.replay, {
      callback: (err, msg) => {
        if (!err) this.replay(msg.json<unknown>(), (answer) => msg.respond(encode(answer)));
      },
    });
    nc.subscribe(Subjects.report, {
      callback: (err, msg) => {
        if (!err) this.report(msg.json<unknown>());
      },
    });
    supervisor.start(this, store.size > 0 ? 'crash' : 'first');
    this.tick = setInterval(() => this.everySecond(), TICK_MS);
    this.tick.unref();
    void this.consume();
  }

  get sessions(): number {
    return this.options.store.size;
  }

  portalList(): { portal: string; sessions: number; silentMs: number }[] {
    const now = Date.now();
    return [...this.portals].map(([portal, seen]) => ({ portal, sessions: seen.sessions, silentMs: now - seen.at }));
  }

  // ---- the stream ----------------------------------------------------------------------------

  private async consume(): Promise<void> {
    // Short pulls: after a NATS restart the client checks the consumer again after `expires` at
    // most (the default, 30 s, would leave held input waiting that long).
    const messages = await this.options.consumer.consume({ max_messages: 512, expires: 2000 });
    for await (const js of messages) {
      if (this.stopped) break;
      try {
        this.fromStream(js);
      } catch (err) {
        logIncident(this.options.logger, 'server-link-handler', { err, seq: js.seq });
        js.ack();
      }
    }
  }

  private fromStream(js: JsMsg): void {
    const value = js.json<unknown>();
    if (!isClusterInput(value)) {
      logIncident(this.options.logger, 'cluster-invalid-message', { seq: js.seq });
      js.ack();
      return;
    }
    if (this.gate.has(js)) return; // redelivered while it waits or runs here
    const { store } = this.options;
    const m = value.m;
    switch (m.t) {
      case 'connect': {
        if (store.get(m.session.sessid)) {
          js.ack(); // sent again after an outage; the game already has it
          return;
        }
        const record = { portal: value.portal, instance: value.instance, session: m.session, state: [], lastSeq: 0 };
        void store.add(record).then(() => js.ack());
        this.gate.other(m);
        return;
      }
      case 'input': {
        const record = store.get(m.sessid);
        // Over; run before the host restarted; or from a portal the session has moved away from.
        if (!record || js.seq <= record.lastSeq || record.portal !== value.portal) {
          js.ack();
          return;
        }
        this.gate.input(m.sessid, m.frame, js);
        return;
      }
      case 'disconnect':
        // A portal the session moved away from (a resume elsewhere) no longer ends it.
        if (store.get(m.sessid)?.portal !== value.portal) js.ack();
        else this.end(m.sessid, m.reason, js);
        return;
      case 'adopt':
        this.adopt(value, m.sessid, js);
        return;
    }
  }

  /** The session is over: out of the store, its waiting input dropped, the game server told. */
  private end(sessid: number, reason: string, js?: JsMsg): void {
    this.cancelOrphan(sessid);
    if (!this.options.store.get(sessid)) {
      js?.ack();
      return;
    }
    this.gate.forget(sessid);
    void this.options.store.remove(sessid).then(() => js?.ack());
    this.gate.other({ t: 'disconnect', sessid, reason });
  }

  private adopt(from: ClusterInput, sessid: number, js: JsMsg): void {
    const { store } = this.options;
    const record = store.get(sessid);
    if (!record) {
      this.toPortal(from.portal, { t: 'adopt-failed', sessid });
      js.ack();
      return;
    }
    const previous = record.portal;
    this.cancelOrphan(sessid);
    record.portal = from.portal;
    record.instance = from.instance;
    void store.add(record).then(() => js.ack());
    if (previous !== from.portal) this.toPortal(previous, { t: 'moved', sessid });
    this.toPortal(from.portal, { t: 'adopted', sessid, session: record.session, state: record.state });
    this.options.logger.info({ sessid, from: previous, to: from.portal }, 'session adopted by another portal');
  }

  // ---- the game server (SupervisorEvents) ----------------------------------------------------

  handOver(kind: StartKind): HandOver {
    const waiting = this.gate.waitingConnects();
    const restore: SessionSyncData[] = [];
    for (const record of this.options.store.all()) {
      if (!waiting.has(record.session.sessid)) restore.push(record.session);
    }
    const afterHello = [...this.gate.release(), ...this.reports.values()];
    this.options.logger.info({ kind, restored: restore.length, waiting: afterHello.length }, 'handing over sessions');
    this.publishStatus();
    return { restore, afterHello };
  }

  drained(sessions: readonly SessionSyncData[]): void {
    for (const session of sessions) this.synced(session);
  }

  notice(markup: string): void {
    this.broadcast({ t: 'notice', markup });
  }

  message(event: ServerEvent): void {
    const { store } = this.options;
    switch (event.t) {
      case 'output':
        this.output(event.batches);
        return;
      case 'disconnect': {
        const record = store.get(event.sessid);
        if (!record) return;
        this.toPortal(record.portal, event);
        this.cancelOrphan(event.sessid);
        this.gate.forget(event.sessid);
        void store.remove(event.sessid);
        return;
      }
      case 'sync': {
        const record = this.synced(event.session);
        if (record) this.toPortal(record.portal, event);
        return;
      }
      case 'stats':
        for (const stats of event.stats) {
          const record = store.get(stats.sessid);
          if (!record) continue;
          record.session = { ...record.session, ...stats };
          store.changed(stats.sessid);
        }
        this.byPortal(
          event.stats.map((s) => s.sessid),
          (portal, sessids) => {
            const set = new Set(sessids);
            this.toPortal(portal, { t: 'stats', stats: event.stats.filter((s) => set.has(s.sessid)) });
          },
        );
        return;
      case 'revoke-resume':
        this.byPortal(event.sessids, (portal, sessids) => this.toPortal(portal, { t: 'revoke-resume', sessids }));
        return;
      case 'request-restart':
        void this.options.supervisor.restart(event.kind, event.by);
        return;
      case 'request-shutdown':
        this.options.onShutdown(event.by);
        return;
      case 'health':
        // The game server's memory, for every portal's admin samples.
        this.broadcast(event);
        return;
      case 'handled':
        // Those stream messages are acknowledged now.
        this.gate.handled(event.ids);
        return;
    }
  }

  private synced(session: SessionSyncData) {
    const record = this.options.store.get(session.sessid);
    if (!record) return undefined;
    record.session = session;
    this.options.store.changed(session.sessid);
    return record;
  }

  /** One message per portal per turn, holding only that portal's sessions. */
  private output(batches: readonly OutputBatch[]): void {
    const { store } = this.options;
    const perPortal = new Map<string, OutputBatch[]>();
    for (const batch of batches) {
      const state = batch.frames.filter((frame) => frame[0] === 'session' || frame[0] === 'charmenu');
      const split = new Map<string, number[]>();
      for (const sessid of batch.sessids) {
        const record = store.get(sessid);
        if (!record) continue;
        if (state.length > 0) {
          record.state = [...record.state.filter((f) => !state.some((s) => s[0] === f[0])), ...state];
          store.changed(sessid);
        }
        const list = split.get(record.portal);
        if (list) list.push(sessid);
        else split.set(record.portal, [sessid]);
      }
      for (const [portal, sessids] of split) {
        const list = perPortal.get(portal) ?? [];
        list.push({ ...batch, sessids });
        perPortal.set(portal, list);
      }
    }
    for (const [portal, list] of perPortal) this.toPortal(portal, { t: 'output', batches: list });
  }

  private byPortal(sessids: readonly number[], each: (portal: string, sessids: number[]) => void): void {
    const split = new Map<string, number[]>();
    for (const sessid of sessids) {
      const record = this.options.store.get(sessid);
      if (!record) continue;
      const list = split.get(record.portal);
      if (list) list.push(sessid);
      else split.set(record.portal, [sessid]);
    }
    for (const [portal, list] of split) each(portal, list);
  }

  private toPortal(portal: string, m: HostMessage): void {
    if (this.options.nc.isClosed()) return;
    this.options.nc.publish(Subjects.output(portal), this.log.add(portal, m));
  }

  /**
   * A portal missed output (docs/cluster.md#output): it is told the oldest message still kept,
   * then they are sent again, in order, on its subject.
   */
  private replay(value: unknown, respond: (answer: { oldest: number | null }) => void): void {
    if (!isReplayRequest(value)) {
      logIncident(this.options.logger, 'cluster-invalid-message', { subject: Subjects.replay });
      return;
    }
    if (value.host !== this.log.host) {
      respond({ oldest: null });
      return;
    }
    const { oldest, data } = this.log.since(value.portal, value.from);
    respond({ oldest });
    for (const message of data) this.options.nc.publish(Subjects.output(value.portal), message);
  }

  broadcast(m: HostMessage): void {
    this.publish(Subjects.broadcast, m);
  }

  private publish(subject: string, m: HostMessage): void {
    if (this.options.nc.isClosed()) return;
    this.options.nc.publish(subject, encode({ v: CLUSTER_VERSION, m }));
  }

  // ---- portals -------------------------------------------------------------------------------

  /** A portal's admin report goes straight to a serving game server; only the latest is kept. */
  private report(value: unknown): void {
    if (!isClusterReport(value)) {
      logIncident(this.options.logger, 'cluster-invalid-message', { subject: Subjects.report });
      return;
    }
    this.reports.set(value.portal, value.m);
    if (this.options.supervisor.accepting) this.options.supervisor.send(value.m);
  }

  private beat(value: unknown): void {
    if (!isPortalBeat(value)) {
      logIncident(this.options.logger, 'cluster-invalid-message', { subject: Subjects.beat });
      return;
    }
    this.portals.set(value.portal, {
      instance: value.instance,
      at: Date.now(),
      sessions: value.sessions,
      bye: value.bye === true,
    });
    if (value.bye) this.findOrphans();
  }

  private everySecond(): void {
    this.publishStatus();
    this.gate.keepAlive();
    this.findOrphans();
  }

  publishStatus(): void {
    const { supervisor, nc } = this.options;
    if (nc.isClosed()) return;
    nc.publish(
      Subjects.status,
      encode({
        v: CLUSTER_VERSION,
        host: this.log.host,
        state: supervisor.state,
        pid: supervisor.pid ?? null,
        sessions: this.sessions,
      }),
    );
  }

  /** Sessions whose portal is gone wait for a resume through another portal, then end. */
  private findOrphans(): void {
    const now = Date.now();
    // A host that just started has not heard every portal's heartbeat yet.
    if (now - this.startedAt < PORTAL_SILENT_MS) return;
    for (const record of this.options.store.all()) {
      const sessid = record.session.sessid;
      if (this.orphaned.has(sessid)) continue;
      const seen = this.portals.get(record.portal);
      const alive = seen && !seen.bye && seen.instance === record.instance && now - seen.at < PORTAL_SILENT_MS;
      if (alive) continue;
      const lost = `${record.portal}:${record.instance}`;
      if (!this.lost.has(lost)) {
        this.lost.add(lost);
        logIncident(this.options.logger, 'cluster-portal-lost', { portal: record.portal, bye: seen?.bye === true });
      }
      const resumable = record.session.protocolKey === 'websocket' && this.options.graceSeconds > 0;
      if (!resumable) {
        this.end(sessid, 'connection lost');
        continue;
      }
      this.orphaned.set(
        sessid,
        setTimeout(() => {
          this.orphaned.delete(sessid);
          this.end(sessid, 'connection lost and not resumed');
        }, this.options.graceSeconds * 1000),
      );
    }
  }

  private cancelOrphan(sessid: number): void {
    clearTimeout(this.orphaned.get(sessid));
    this.orphaned.delete(sessid);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.tick);
    for (const timer of this.orphaned.values()) clearTimeout(timer);
    await this.options.store.flush();
  }
}
