/**
 * The portal's core, without HTTP or any one protocol: it composes the session registry,
 * connection admission, resume, the input hold and the game-server supervisor, and keeps
 * sessions and game server in sync (docs/architecture.md#portal-and-server).
 *
 * Protocol front-ends (the websocket route; later telnet and SSH) ask `admit`, create their
 * protocol's `PortalSession` with the portal as its events, and hand it to `connected`.
 */
import {
  CloseCode,
  type InboundFrame,
  out,
  type PortalToServer,
  type RestartKind,
  type SessionSyncData,
  type StartKind,
} from '@mud/protocol';
import type { IncidentRing } from '../incidentRing.js';
import type { Logger } from '../logger.js';
import { renderMarkup } from '../text/markup.js';
import { PortalMonitor } from './admin/PortalMonitor.js';
import { type Admission, type AdmissionLimits, ConnectionAdmission } from './ConnectionAdmission.js';
import { HeldInput } from './HeldInput.js';
import type { PortalSession, PortalSessionEvents } from './PortalSession.js';
import { PortalSessionRegistry } from './PortalSessionRegistry.js';
import { ResumeService } from './ResumeService.js';
import type { ResumeTokenStore } from './ResumeTokens.js';
import type { GameServerSupervisor, HandOver, ServerEvent, ServerState } from './supervisor/GameServerSupervisor.js';

export interface PortalOptions {
  supervisor: GameServerSupervisor;
  logger: Logger;
  limits?: AdmissionLimits;
  /** How long a session whose connection dropped waits to be resumed; 0 disables resume. */
  resumeGraceSeconds?: number;
  /** The same for a connection closed going away (1001); defaults to `resumeGraceSeconds`. */
  resumeGraceClosedSeconds?: number;
  /** Where resume tokens live; a cluster shares them between portals. */
  resumeTokens?: ResumeTokenStore;
  /**
   * Report to the game server for the admin view (portal/admin/PortalMonitor.ts): this portal's
   * id and its incidents. Without it the portal reports nothing (unit tests).
   */
  admin?: { portalId: string; incidents?: IncidentRing | undefined; checkMs?: number };
}

export class Portal implements PortalSessionEvents {
  readonly sessions = new PortalSessionRegistry();
  private readonly supervisor: GameServerSupervisor;
  private readonly logger: Logger;
  private readonly admission: ConnectionAdmission;
  private readonly resumes: ResumeService;
  private readonly held = new HeldInput();
  private readonly monitor: PortalMonitor | undefined;
  private stopping = false;
  /** Called each time a game server takes the sessions over, with why it started. */
  onServing: (kind: StartKind) => void = () => {};
  /** Called when the game asks for the whole game to stop (the `shutdown` command). */
  onShutdownRequest: (by: string) => void = () => {};

  constructor(options: PortalOptions) {
    this.supervisor = options.supervisor;
    this.logger = options.logger;
    this.admission = new ConnectionAdmission(options.limits ?? { maxConnectionRate: 0, maxSessionsPerIp: 0 });
    this.resumes = new ResumeService({
      graceSeconds: options.resumeGraceSeconds ?? 0,
      graceClosedSeconds: options.resumeGraceClosedSeconds ?? options.resumeGraceSeconds ?? 0,
      sessions: this.sessions,
      logger: options.logger,
      end: (session, reason) => this.ended(session, reason),
      tokens: options.resumeTokens,
      adopt: this.supervisor.adopt ? (fresh, sessid) => this.adopt(fresh, sessid) : undefined,
    });
    if (options.admin) {
      this.monitor = new PortalMonitor({
        ...options.admin,
        logger: options.logger,
        sessions: () => this.sessions.all(),
        sessionCount: () => this.sessions.size,
        ownership: () => this.sessions.ownership(),
        state: () => this.supervisor.state,
        send: (report) => this.toServer(report),
      });
    }
  }

  get serverState(): ServerState {
    return this.supervisor.state;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  get serverPid(): number | undefined {
    return this.supervisor.pid;
  }

  startGameServer(): void {
    this.monitor?.start();
    this.supervisor.start({
      handOver: (kind) => this.handOver(kind),
      drained: (sessions) => this.drained(sessions),
      message: (event) => this.fromServer(event),
      notice: (markup) => this.tellEveryone(markup),
      moved: (sessid) => this.moved(sessid),
    });
  }

  // ---- connections ---------------------------------------------------------------------------

  /** Whether a new connection from `address` may open a session (docs/settings.md#limits). */
  admit(address: string): Admission {
    const admission = this.admission.admit(address);
    if (!admission.ok) this.monitor?.connectionRefused(address, admission.reason);
    return admission;
  }

  connected(session: PortalSession): void {
    this.sessions.add(session);
    this.admission.opened(session.address);
    this.logger.info({ sessid: session.sessid, address: session.address }, 'connection opened');
    this.resumes.opened(session);
    // `knownToServer` is set when the game server first answers for the session (its connection
    // screen): a connect sent to a game server that died before answering is sent again.
    this.toServer({ t: 'connect', session: session.sync });
  }

  /** A valid inbound frame of one of the sessions. */
  input(session: PortalSession, frame: InboundFrame): void {
    if (frame[0] === 'resume') {
      void this.resumes.resume(session, frame[2].token);
      return;
    }
    this.monitor?.input(frame);
    const message = { t: 'input', sessid: session.sessid, frame } as const;
    if (this.supervisor.accepting) this.supervisor.send(message);
    else this.held.hold(session, message);
  }

  connectionLost(session: PortalSession, code: number): void {
    this.resumes.connectionLost(session, code, this.stopping);
  }

  /** The session is over, whoever ended it; the game server is told once. */
  ended(session: PortalSession, reason: string): void {
    if (!this.release(session)) return;
    this.logger.info({ sessid: session.sessid, reason }, 'connection closed');
    this.toServer({ t: 'disconnect', sessid: session.sessid, reason });
  }

  /** Drops the portal's bookkeeping for the session; false when it was already gone. */
  private release(session: PortalSession): boolean {
    this.resumes.forget(session);
    if (this.sessions.get(session.sessid) !== session) return false;
    this.sessions.remove(session.sessid);
    this.admission.closed(session.address);
    return true;
  }

  /**
   * A resume through this portal of a session another portal held: the game server's host moves
   * the session's output here, and `fresh`'s connection carries it from now on
   * (docs/cluster.md#resume-on-any-portal).
   */
  private async adopt(fresh: PortalSession, sessid: number): Promise<PortalSession | undefined> {
    const adopted = await this.supervisor.adopt?.(sessid);
    if (!adopted) return undefined;
    const carried =
      fresh.attached && this.sessions.get(fresh.sessid) === fresh
        ? fresh.carryAs(sessid, [out.resumed(sessid), ...adopted.state])
        : undefined;
    if (!carried) {
      // The connection went while the host answered: the session is ours now, and nobody holds it.
      this.toServer({ t: 'disconnect', sessid, reason: 'connection lost and not resumed' });
      return undefined;
    }
    carried.sync = adopted.session;
    carried.knownToServer = true;
    for (const frame of adopted.state) carried.lastState.set(frame[0], frame);
    // The new connection's own provisional session is dropped quietly.
    this.ended(fresh, 'replaced by a resumed session');
    this.sessions.add(carried);
    this.admission.opened(carried.address);
    return carried;
  }

  /** The session was resumed through another portal: it is not ours to end any more. */
  private moved(sessid: number): void {
    const session = this.sessions.get(sessid);
    if (!session || !this.release(session)) return;
    this.logger.info({ sessid }, 'session moved to another portal');
    session.close(CloseCode.Normal, 'session resumed from another connection');
  }

  /** Closes a session from the portal side, telling the player why. */
  private drop(session: PortalSession, code: CloseCode, text: string, reason: string): void {
    session.send([out.text(text)]);
    this.release(session);
    session.close(code, reason);
  }

  // ---- the game server -----------------------------------------------------------------------

  /** Sends to the game server when one accepts messages; otherwise the hand-over covers it. */
  private toServer(message: PortalToServer): void {
    if (this.supervisor.accepting) this.supervisor.send(message);
  }

  /** Known sessions are restored, new ones announced, held input delivered, in that order. */
  private handOver(kind: StartKind): HandOver {
    const all = [...this.sessions.all()];
    const known = all.filter((s) => s.knownToServer);
    const fresh = all.filter((s) => !s.knownToServer);
    const held = this.held.release(this.sessions);
    this.logger.info(
      { kind, restored: known.length, connected: fresh.length, held: held.length },
      'handing over sessions',
    );
    this.onServing(kind);
    this.monitor?.served(kind);
    return {
      restore: known.map((s) => s.sync),
      afterHello: [
        ...fresh.map((s) => ({ t: 'connect', session: s.sync }) as const),
        ...held,
        // Everything the admin view needs of this portal, for the game server now serving.
        ...(this.monitor ? [this.monitor.report()] : []),
      ],
    };
  }

  private drained(sessions: readonly SessionSyncData[]): void {
    for (const data of sessions) {
      const session = this.sessions.get(data.sessid);
      if (session) session.sync = data;
    }
  }

  private fromServer(event: ServerEvent): void {
    switch (event.t) {
      case 'output':
        for (const { sessids, frames, chatter } of event.batches) {
          const state = frames.filter((frame) => frame[0] === 'session' || frame[0] === 'charmenu');
          for (const sessid of sessids) {
            const session = this.sessions.get(sessid);
            if (!session) continue;
            session.knownToServer = true;
            for (const frame of state) session.lastState.set(frame[0], frame);
            session.send(frames, { chatter: chatter === true });
          }
        }
        return;
      case 'disconnect': {
        const session = this.sessions.get(event.sessid);
        if (session) this.drop(session, CloseCode.Normal, event.reason, event.reason);
        return;
      }
      case 'sync': {
        const session = this.sessions.get(event.session.sessid);
        if (session) session.sync = event.session;
        return;
      }
      case 'stats':
        for (const { sessid, ...stats } of event.stats) {
          const session = this.sessions.get(sessid);
          if (session) session.sync = { ...session.sync, ...stats };
        }
        return;
      case 'revoke-resume':
        for (const sessid of event.sessids) {
          const session = this.sessions.get(sessid);
          if (!session) continue;
          this.resumes.forget(session);
          // Waiting for a resume that can no longer come: the session ends as a disconnect.
          if (!session.attached) session.close(CloseCode.Normal, 'resume revoked');
        }
        return;
      case 'health':
        this.monitor?.serverHealth(event.memory);
        return;
      case 'request-shutdown':
        this.onShutdownRequest(event.by);
        return;
      case 'request-restart':
        void this.restart(event.kind, event.by);
        return;
    }
  }

  /** `reload` / `reset` (docs/architecture.md#restarting-the-game-server). */
  restart(kind: RestartKind, by: string): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const restarted = this.supervisor.restart(kind, by);
    this.monitor?.restartRequested(kind, by);
    return restarted;
  }

  /** A notice (colour markup) from the portal itself to every session. */
  private tellEveryone(markup: string): void {
    const frames = [out.text(renderMarkup(markup))];
    for (const session of this.sessions.all()) session.send(frames);
  }

  /**
   * Stops the game: the game server flushes its state and exits, then every client is told and
   * closed with 1001 (docs/settings.md#running-it).
   */
  async shutdown(message = 'The game is shutting down. Goodbye!'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.info({ sessions: this.sessions.size }, 'portal shutting down');
    this.monitor?.stop();
    await this.supervisor.shutdown();
    for (const session of [...this.sessions.all()]) {
      this.drop(session, CloseCode.GoingAway, message, 'server shutting down');
    }
  }
}
