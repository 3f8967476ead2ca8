/**
 * The portal's core, without HTTP: the session registry, the link to the game server, and the
 * rules that keep them in sync (SPEC §5). While the game server is not up, input is held here
 * and delivered in order once it is back; connections opened meanwhile are announced then.
 */
import {
  CloseCode,
  ErrorCode,
  type InboundFrame,
  LINK_VERSION,
  out,
  type PortalToServer,
  type ServerToPortal,
} from '@mud/protocol';
import type { PortalLink } from '../link/Link.js';
import type { Logger } from '../logger.js';
import type { GameServerHandle } from './GameServerProcess.js';
import type { PortalSession } from './PortalSession.js';
import { PortalSessionRegistry } from './PortalSessionRegistry.js';
import { KeyedRateLimiter, TokenBucket } from './RateLimiter.js';

export type ServerState = 'up' | 'reloading' | 'down';

/** Held input per session while the game server is away; beyond it the player is told. */
const MAX_HELD_INPUTS_PER_SESSION = 100;
const RESTART_BACKOFF_MS = [250, 1000, 3000, 10000];

export interface PortalLimits {
  /** Inputs per second per session (MUD_MAX_COMMAND_RATE); 0 disables. */
  maxCommandRate: number;
  /** New connections per second per address (MUD_MAX_CONNECTION_RATE); 0 disables. */
  maxConnectionRate: number;
  /** Concurrent connections per address (MUD_MAX_SESSIONS_PER_IP); 0 disables. */
  maxSessionsPerIp: number;
}

export interface PortalOptions {
  gameServer: GameServerHandle;
  logger: Logger;
  limits?: PortalLimits;
}

export type Admission = { ok: true } | { ok: false; code: CloseCode; errorCode: ErrorCode; reason: string };

interface InputRate {
  bucket: TokenBucket;
  warnedAt: number;
}

export class Portal {
  readonly sessions = new PortalSessionRegistry();
  private link: PortalLink | undefined;
  private state: ServerState = 'down';
  private stopping = false;
  private readonly held: Extract<PortalToServer, { t: 'input' }>[] = [];
  private readonly heldPerSession = new Map<number, number>();
  private crashes: number[] = [];
  private readonly stoppedWaiters: (() => void)[] = [];
  private readonly limits: PortalLimits;
  private readonly connectionRate: KeyedRateLimiter;
  private readonly sessionsPerAddress = new Map<string, number>();
  private readonly inputRates = new Map<number, InputRate>();
  /** Called when the game asks for the whole game to stop (the `shutdown` command). */
  onShutdownRequest: (by: string) => void = () => {};

  constructor(private readonly options: PortalOptions) {
    this.limits = options.limits ?? { maxCommandRate: 0, maxConnectionRate: 0, maxSessionsPerIp: 0 };
    this.connectionRate = new KeyedRateLimiter(this.limits.maxConnectionRate);
    options.gameServer.onExit((code, signal) => this.serverExited(code, signal));
  }

  get serverState(): ServerState {
    return this.state;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  startGameServer(): void {
    const started = Date.now();
    const link = this.options.gameServer.start();
    this.link = link;
    link.onMessage((message) => {
      try {
        this.fromServer(message, started);
      } catch (err) {
        this.options.logger.error({ err, incident: 'portal-link-handler' }, 'failed to handle a game server message');
      }
    });
  }

  // ---- connections ---------------------------------------------------------------------------

  /** Whether a new connection from `address` may open a session (SPEC §2 connection limits). */
  admit(address: string): Admission {
    if (
      this.limits.maxSessionsPerIp > 0 &&
      (this.sessionsPerAddress.get(address) ?? 0) >= this.limits.maxSessionsPerIp
    ) {
      return {
        ok: false,
        code: CloseCode.PolicyViolation,
        errorCode: ErrorCode.Throttled,
        reason: `Too many connections from your address (at most ${this.limits.maxSessionsPerIp}).`,
      };
    }
    if (!this.connectionRate.take(address)) {
      return {
        ok: false,
        code: CloseCode.TryAgainLater,
        errorCode: ErrorCode.Throttled,
        reason: 'Too many new connections from your address. Try again in a moment.',
      };
    }
    return { ok: true };
  }

  connected(session: PortalSession): void {
    this.sessions.add(session);
    this.sessionsPerAddress.set(session.address, (this.sessionsPerAddress.get(session.address) ?? 0) + 1);
    this.inputRates.set(session.sessid, { bucket: new TokenBucket(this.limits.maxCommandRate), warnedAt: 0 });
    this.options.logger.info({ sessid: session.sessid, address: session.address }, 'connection opened');
    if (this.state === 'up') {
      session.knownToServer = true;
      this.toServer({ t: 'connect', session: session.sync });
    }
  }

  input(session: PortalSession, frame: InboundFrame): void {
    const rate = this.inputRates.get(session.sessid);
    if (rate && !rate.bucket.take()) {
      // Dropped, and said so at most once a second so the warning itself cannot flood.
      const now = Date.now();
      if (now - rate.warnedAt > 1000) {
        rate.warnedAt = now;
        session.send([out.error(ErrorCode.RateLimited, 'You entered commands too fast. Wait a moment and try again.')]);
      }
      return;
    }
    const message = { t: 'input', sessid: session.sessid, frame } as const;
    if (this.state === 'up') {
      this.toServer(message);
      return;
    }
    const count = this.heldPerSession.get(session.sessid) ?? 0;
    if (count >= MAX_HELD_INPUTS_PER_SESSION) {
      session.send([
        out.error(ErrorCode.ServerUnavailable, 'The game is restarting; input is being dropped until it is back.'),
      ]);
      return;
    }
    this.heldPerSession.set(session.sessid, count + 1);
    this.held.push(message);
  }

  closed(session: PortalSession, reason: string): void {
    this.forget(session);
    if (!this.sessions.remove(session.sessid)) return;
    this.options.logger.info({ sessid: session.sessid, reason }, 'connection closed');
    if (this.state === 'up' && session.knownToServer) {
      this.toServer({ t: 'disconnect', sessid: session.sessid, reason });
    }
  }

  /** Drops the per-session bookkeeping; safe to call twice. */
  private forget(session: PortalSession): void {
    if (!this.inputRates.delete(session.sessid)) return;
    const count = (this.sessionsPerAddress.get(session.address) ?? 1) - 1;
    if (count <= 0) this.sessionsPerAddress.delete(session.address);
    else this.sessionsPerAddress.set(session.address, count);
  }

  // ---- the game server -----------------------------------------------------------------------

  private toServer(message: PortalToServer): void {
    this.link?.send(message);
  }

  private fromServer(message: ServerToPortal, started: number): void {
    switch (message.t) {
      case 'ready':
        this.serverReady(message.version, started);
        return;
      case 'output':
        this.sessions.get(message.sessid)?.send(message.frames);
        return;
      case 'disconnect': {
        const session = this.sessions.get(message.sessid);
        if (!session) return;
        session.send([out.text(message.reason)]);
        this.forget(session);
        this.sessions.remove(session.sessid);
        session.close(CloseCode.Normal, message.reason);
        return;
      }
      case 'sync': {
        const session = this.sessions.get(message.session.sessid);
        if (session) session.sync = message.session;
        return;
      }
      case 'request-shutdown':
        this.onShutdownRequest(message.by);
        return;
      case 'stopped':
        for (const waiter of this.stoppedWaiters.splice(0)) waiter();
        return;
    }
  }

  private serverReady(version: number, started: number): void {
    if (version !== LINK_VERSION) {
      this.options.logger.fatal({ version, expected: LINK_VERSION }, 'game server speaks another link version');
      return;
    }
    // Sessions the previous game server knew are restored from their sync data; sessions that
    // connected while it was away are announced as new connections, then held input follows.
    const known = [...this.sessions.all()].filter((s) => s.knownToServer);
    const fresh = [...this.sessions.all()].filter((s) => !s.knownToServer);
    this.toServer({ t: 'hello', version: LINK_VERSION, sessions: known.map((s) => s.sync) });
    for (const session of fresh) {
      session.knownToServer = true;
      this.toServer({ t: 'connect', session: session.sync });
    }
    for (const message of this.held.splice(0)) {
      if (this.sessions.get(message.sessid)) this.toServer(message);
    }
    this.heldPerSession.clear();
    this.state = 'up';
    this.options.logger.info(
      { ms: Date.now() - started, restored: known.length, connected: fresh.length },
      'game server up',
    );
  }

  private serverExited(code: number | null, signal: NodeJS.Signals | null): void {
    this.link = undefined;
    const wasUp = this.state === 'up';
    this.state = 'down';
    for (const waiter of this.stoppedWaiters.splice(0)) waiter();
    if (this.stopping) return;
    this.options.logger.error({ code, signal }, 'game server exited unexpectedly');
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60_000);
    this.crashes.push(now);
    const delay = RESTART_BACKOFF_MS[Math.min(this.crashes.length - 1, RESTART_BACKOFF_MS.length - 1)] ?? 10_000;
    if (wasUp) {
      for (const session of this.sessions.all()) {
        session.send([out.text('The game server stopped unexpectedly; restarting it. You stay connected.')]);
      }
    }
    if (this.crashes.length >= 5) {
      this.options.logger.fatal({ crashes: this.crashes.length }, 'game server is crash-looping; retrying slowly');
    }
    setTimeout(() => {
      if (!this.stopping) this.startGameServer();
    }, delay).unref();
  }

  /**
   * Stops the game: the game server flushes its state and exits, then every client is told and
   * closed with 1001 (SPEC §1).
   */
  async shutdown(message = 'The game is shutting down. Goodbye!'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.options.logger.info({ sessions: this.sessions.size }, 'portal shutting down');
    if (this.link && this.state === 'up') {
      const stopped = new Promise<void>((resolve) => this.stoppedWaiters.push(resolve));
      this.toServer({ t: 'shutdown' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
    }
    await this.options.gameServer.waitForExit(5000);
    for (const session of [...this.sessions.all()]) {
      session.send([out.text(message)]);
      this.forget(session);
      this.sessions.remove(session.sessid);
      session.close(CloseCode.GoingAway, 'server shutting down');
    }
  }
}
