/**
 * A cluster portal's "game server" (docs/cluster.md#the-link-over-nats): the game-server host
 * reached over NATS. The portal's sessions, admission and resume are the same as on one machine;
 * only this seam differs. Input goes into the JetStream stream, so it is held there whenever the
 * game server cannot take it (a reload, a crash, a host restart); output, disconnects and syncs
 * arrive on this portal's own subject; the host's state arrives every second.
 */

import {
  CLUSTER_VERSION,
  type HostMessage,
  type HostStatus,
  isHostStatus,
  isHostToPortal,
  type PortalToServer,
} from '@mud/protocol';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import type {
  Adopted,
  GameServerSupervisor,
  ServerState,
  SupervisorEvents,
} from '../portal/supervisor/GameServerSupervisor.js';
import { InputPublisher } from './InputPublisher.js';
import { encode, Subjects } from './nats.js';

/** A status older than this means the host is gone. */
const STATUS_STALE_MS = 3500;
const BEAT_MS = 1000;
/** Input waiting to reach the stream beyond this is held by the portal (and bounded there). */
const MAX_BACKLOG = 10_000;
const ADOPT_TIMEOUT_MS = 10_000;

export interface NatsSupervisorOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  portal: string;
  /** This start of the portal process. */
  instance: string;
  logger: Logger;
  /** How many sessions the portal holds, for its heartbeat. */
  sessions: () => number;
}

export class NatsSupervisor implements GameServerSupervisor {
  private readonly publisher: InputPublisher;
  private status: (HostStatus & { at: number }) | undefined;
  private events: SupervisorEvents | undefined;
  private readonly subscriptions: Subscription[] = [];
  private beat: NodeJS.Timeout | undefined;
  private readonly adopting = new Map<number, (adopted: Adopted | undefined) => void>();
  private connected = true;
  /** The host start and the last sequence of it this portal has handled (docs/cluster.md#output). */
  private host: string | undefined;
  private last = 0;
  private replaying = false;

  constructor(private readonly options: NatsSupervisorOptions) {
    this.publisher = new InputPublisher(
      options.js,
      Subjects.input(options.portal),
      `${options.portal}-${options.instance}`,
      options.logger,
    );
  }

  get state(): ServerState {
    const status = this.status;
    if (!status || Date.now() - status.at > STATUS_STALE_MS) return 'down';
    return status.state;
  }

  /** Input goes to the stream while NATS is reachable: the stream holds it for the game. */
  get accepting(): boolean {
    return this.connected && this.publisher.backlog < MAX_BACKLOG;
  }

  get pid(): number | undefined {
    return this.state === 'down' ? undefined : (this.status?.pid ?? undefined);
  }

  start(events: SupervisorEvents): void {
    this.events = events;
    const { nc } = this.options;
    this.listen(Subjects.output(this.options.portal));
    this.listen(Subjects.broadcast);
    const status = nc.subscribe(Subjects.status, {
      callback: (err, msg) => {
        if (err) return;
        const value = msg.json<unknown>();
        if (isHostStatus(value)) this.status = { ...value, at: Date.now() };
        else logIncident(this.options.logger, 'cluster-invalid-message', { subject: msg.subject });
      },
    });
    this.subscriptions.push(status);
    this.beat = setInterval(() => this.sendBeat(false), BEAT_MS);
    this.beat.unref();
    this.sendBeat(false);
    void this.watchConnection();
    this.handOver('first');
  }

  /** Sessions and input the portal held while NATS was away go out, in order. */
  private handOver(kind: 'first' | 'crash'): void {
    const handOver = this.events?.handOver(kind);
    for (const message of handOver?.afterHello ?? []) this.send(message);
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.options.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') {
        this.connected = true;
        this.handOver('crash');
        // What the host sent while this portal was away is asked for again.
        this.requestReplay();
      }
    }
  }

  private listen(subject: string): void {
    const sub = this.options.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const value = msg.json<unknown>();
        if (!isHostToPortal(value)) {
          logIncident(this.options.logger, 'cluster-invalid-message', { subject });
          return;
        }
        if (!this.inSequence(value.host, value.seq)) return;
        try {
          this.fromHost(value.m);
        } catch (err) {
          logIncident(this.options.logger, 'portal-link-handler', { err, t: value.m.t });
        }
      },
    });
    this.subscriptions.push(sub);
  }

  /**
   * Whether a message on this portal's subject is the next one: a copy is dropped; after a gap the
   * portal asks for a replay and drops what comes out of order until it arrives.
   */
  private inSequence(host: string | undefined, seq: number | undefined): boolean {
    if (host === undefined || seq === undefined) return true; // the broadcast subject
    if (host !== this.host) {
      // A new host: nothing before its first message can be asked of it.
      this.host = host;
      this.last = seq - 1;
    }
    if (seq <= this.last) return false;
    if (seq === this.last + 1) {
      this.last = seq;
      return true;
    }
    this.requestReplay();
    return false;
  }

  private requestReplay(): void {
    const { nc, portal, logger } = this.options;
    if (this.replaying || this.host === undefined || nc.isClosed()) return;
    this.replaying = true;
    const request = { v: CLUSTER_VERSION, portal, host: this.host, from: this.last + 1 };
    nc.request(Subjects.replay, encode(request), { timeout: 2000 })
      .then((reply) => {
        const { oldest } = reply.json<{ oldest: number | null }>();
        if (oldest !== null && oldest > this.last + 1) {
          logIncident(logger, 'cluster-output-lost', { from: this.last + 1, oldest });
          this.last = oldest - 1;
        }
      })
      .catch(() => {
        // No answer (the host is away): the next gap or reconnect asks again.
      })
      .finally(() => {
        this.replaying = false;
      });
  }

  private fromHost(message: HostMessage): void {
    const events = this.events;
    if (!events) return;
    switch (message.t) {
      case 'adopted':
      case 'adopt-failed': {
        const resolve = this.adopting.get(message.sessid);
        this.adopting.delete(message.sessid);
        resolve?.(message.t === 'adopted' ? { session: message.session, state: message.state } : undefined);
        return;
      }
      case 'moved':
        events.moved?.(message.sessid);
        return;
      case 'notice':
        events.notice(message.markup);
        return;
      case 'shutdown':
        events.message({ t: 'request-shutdown', by: 'the game' });
        return;
      default:
        events.message(message);
    }
  }

  send(message: PortalToServer): void {
    const { nc, portal, instance } = this.options;
    if (message.t === 'report') {
      if (!nc.isClosed()) nc.publish(Subjects.report, encode({ v: CLUSTER_VERSION, portal, instance, m: message }));
      return;
    }
    if (message.t !== 'connect' && message.t !== 'input' && message.t !== 'disconnect') return;
    this.publisher.publish({
      v: CLUSTER_VERSION,
      portal: this.options.portal,
      instance: this.options.instance,
      m: message,
    });
  }

  adopt(sessid: number): Promise<Adopted | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.adopting.delete(sessid);
        resolve(undefined);
      }, ADOPT_TIMEOUT_MS);
      this.adopting.set(sessid, (adopted) => {
        clearTimeout(timer);
        resolve(adopted);
      });
      this.publisher.publish({
        v: CLUSTER_VERSION,
        portal: this.options.portal,
        instance: this.options.instance,
        m: { t: 'adopt', sessid },
      });
    });
  }

  private sendBeat(bye: boolean): void {
    const { nc, portal, instance, sessions } = this.options;
    if (nc.isClosed()) return;
    nc.publish(
      Subjects.beat,
      encode({ v: CLUSTER_VERSION, portal, instance, sessions: sessions(), ...(bye ? { bye } : {}) }),
    );
  }

  /** Reload and reset are the host's: a request reaches it from the game server itself. */
  restart(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * This portal stops; the game goes on. What it sent reaches the stream first, then the host is
   * told at once, so its sessions wait for a resume on another portal without waiting for the
   * missed heartbeats.
   */
  async shutdown(): Promise<void> {
    clearInterval(this.beat);
    await Promise.race([this.publisher.flushed(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    this.sendBeat(true);
    for (const sub of this.subscriptions) sub.unsubscribe();
    await this.options.nc.drain().catch(() => {});
  }
}
