/**
 * The portal's core, without HTTP: the session registry, the game server it supervises, and the
 * rules that keep them in sync (SPEC §5).
 *
 * - While the game server is not up, input is held here (bounded per session) and delivered in
 *   order once it is back; connections opened meanwhile are announced then.
 * - `reload` / `reset`: a new game server boots beside the old one (a warm standby), the old one
 *   drains — finishes what it received, saves every session — and exits, and the new one is
 *   handed the sessions. Nobody is disconnected; the stall is the drain plus a hand-over.
 * - A game server that dies is restarted with backoff and given the last synced sessions; a crash
 *   loop is reported to players and the log instead of spinning.
 */
import {
  type Carry,
  CloseCode,
  ErrorCode,
  type InboundFrame,
  LINK_VERSION,
  out,
  type PortalToServer,
  type RestartKind,
  type ServerToPortal,
  type StartKind,
} from '@mud/protocol';
import type { Logger } from '../logger.js';
import { renderMarkup } from '../text/markup.js';
import { type ExitInfo, type GameServerChild, type GameServerLauncher, within } from './GameServerProcess.js';
import type { PortalSession } from './PortalSession.js';
import { PortalSessionRegistry } from './PortalSessionRegistry.js';
import { KeyedRateLimiter, TokenBucket } from './RateLimiter.js';
import { ResumeTokens } from './ResumeTokens.js';

export type ServerState = 'up' | 'reloading' | 'down';

/** Held input per session while the game server is away; beyond it the player is told. */
const MAX_HELD_INPUTS_PER_SESSION = 100;
const RESTART_BACKOFF_MS = [250, 1000, 3000, 10_000];
const CRASH_LOOP_COUNT = 5;
const CRASH_LOOP_WINDOW_MS = 60_000;
const CRASH_LOOP_RETRY_MS = 30_000;
const READY_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 10_000;
/** How long a resume waits for the session's old connection to show it is still there. */
const RESUME_PROBE_MS = 1500;

export interface PortalLimits {
  /** Inputs per second per session (MUD_MAX_COMMAND_RATE); 0 disables. */
  maxCommandRate: number;
  /** New connections per second per address (MUD_MAX_CONNECTION_RATE); 0 disables. */
  maxConnectionRate: number;
  /** Concurrent connections per address (MUD_MAX_SESSIONS_PER_IP); 0 disables. */
  maxSessionsPerIp: number;
}

export interface PortalOptions {
  launcher: GameServerLauncher;
  logger: Logger;
  limits?: PortalLimits;
  /** How long a session whose socket dropped waits to be resumed (issue 5); 0 disables resume. */
  resumeGraceSeconds?: number;
}

export type Admission = { ok: true } | { ok: false; code: CloseCode; errorCode: ErrorCode; reason: string };

interface InputRate {
  bucket: TokenBucket;
  warnedAt: number;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A game server process and what the portal is waiting to hear from it. */
class Tracked {
  readonly ready = deferred<void>();
  readonly stopping = deferred<Extract<ServerToPortal, { t: 'stopping' }>>();
  readonly stopped = deferred<void>();
  /** Its exit is expected (a reload, a reset, a shutdown): not a crash. */
  planned = false;
  exitInfo: ExitInfo | undefined;
  readonly startedAt = Date.now();
  constructor(readonly child: GameServerChild) {}
}

export class Portal {
  readonly sessions = new PortalSessionRegistry();
  private current: Tracked | undefined;
  private state: ServerState = 'down';
  private stopping = false;
  private restarting = false;
  /** The new game server of a restart while it boots (the old one still serves). */
  private booting: Tracked | undefined;
  private carry: Carry = {};
  private readonly held: Extract<PortalToServer, { t: 'input' }>[] = [];
  private readonly heldPerSession = new Map<number, number>();
  private crashes: number[] = [];
  private readonly limits: PortalLimits;
  private readonly connectionRate: KeyedRateLimiter;
  private readonly sessionsPerAddress = new Map<string, number>();
  private readonly inputRates = new Map<number, InputRate>();
  private readonly resumeTokens = new ResumeTokens();
  private readonly graceTimers = new Map<number, NodeJS.Timeout>();
  private readonly resumeGraceSeconds: number;
  /** Called when the game asks for the whole game to stop (the `shutdown` command). */
  onShutdownRequest: (by: string) => void = () => {};

  constructor(private readonly options: PortalOptions) {
    this.limits = options.limits ?? { maxCommandRate: 0, maxConnectionRate: 0, maxSessionsPerIp: 0 };
    this.connectionRate = new KeyedRateLimiter(this.limits.maxConnectionRate);
    this.resumeGraceSeconds = options.resumeGraceSeconds ?? 0;
  }

  /** What `/health` reports: a restart reads `reloading` from its request to its hand-over's end. */
  get serverState(): ServerState {
    return this.state === 'up' && this.restarting ? 'reloading' : this.state;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** The running game server's pid, if any. */
  get serverPid(): number | undefined {
    return this.current?.child.pid;
  }

  startGameServer(): void {
    void this.boot('first', this.spawn());
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
    if (this.resumeGraceSeconds > 0) {
      session.send([out.resumeToken(this.resumeTokens.issue(session.sessid), this.resumeGraceSeconds)]);
    }
    // `knownToServer` is set when the game server first answers for the session (its connection
    // screen): a connect sent to a game server that died before answering is sent again.
    if (this.state === 'up') this.toServer({ t: 'connect', session: session.sync });
  }

  /**
   * A frame arrived from the session's connection, before it is even parsed: it spends one of the
   * session's MUD_MAX_COMMAND_RATE tokens whether it turns out valid or not, so a flood of
   * garbage is throttled like a flood of commands. False when the frame must be dropped
   * unanswered; the player is told at most once a second, so neither the refusals nor the
   * warning can flood.
   */
  admitFrame(session: PortalSession): boolean {
    const rate = this.inputRates.get(session.sessid);
    if (!rate || rate.bucket.take()) return true;
    const now = Date.now();
    if (now - rate.warnedAt > 1000) {
      rate.warnedAt = now;
      session.send([out.error(ErrorCode.RateLimited, 'You entered commands too fast. Wait a moment and try again.')]);
    }
    return false;
  }

  /** A valid inbound frame, already admitted by `admitFrame` (which spent its rate token). */
  input(session: PortalSession, frame: InboundFrame): void {
    if (frame[0] === 'resume') {
      void this.resume(session, frame[2].token);
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

  /**
   * The player's socket dropped: the session waits detached for a resume during the grace
   * period, then ends as a normal disconnect. Without resume it ends now.
   */
  socketLost(session: PortalSession, code: number): void {
    // 1000 is a deliberate close by the client (SPEC §5: the session ends). Drops (1006), a
    // refresh or a closed tab (1001), a bare close() (1005) may come back.
    if (code === CloseCode.Normal || this.resumeGraceSeconds === 0 || this.stopping) {
      this.closed(session, 'connection closed by client');
      return;
    }
    this.options.logger.info({ sessid: session.sessid, code }, 'connection lost; session waits to be resumed');
    const timer = setTimeout(() => {
      this.graceTimers.delete(session.sessid);
      if (!session.attached) this.closed(session, 'connection lost and not resumed');
    }, this.resumeGraceSeconds * 1000);
    timer.unref();
    clearTimeout(this.graceTimers.get(session.sessid));
    this.graceTimers.set(session.sessid, timer);
  }

  /**
   * `resume`: `fresh` (a new connection) hands its socket to the session the token names.
   *
   * A session whose socket the portal still holds is probed first. If that connection answers,
   * the token was copied from a tab that is still open (a browser's "Duplicate tab" copies
   * sessionStorage), so the copy gets a new session and the original keeps its own, token and
   * all. If it stays silent, it is a half-open connection the heartbeat has not caught yet (a
   * network change, a laptop waking up) and the resume takes it over.
   */
  private async resume(fresh: PortalSession, token: string): Promise<void> {
    const claimed = this.resumeTokens.peek(token);
    const holder = claimed === undefined ? undefined : this.sessions.get(claimed);
    if (holder?.attached && holder !== fresh && (await holder.answers(RESUME_PROBE_MS))) {
      fresh.send([
        out.error(ErrorCode.ResumeFailed, 'That session is open in another tab or window; this is a new session.'),
      ]);
      return;
    }
    // The new connection may have gone while the old one was probed: then nobody spends the token.
    if (!fresh.attached || this.sessions.get(fresh.sessid) !== fresh) return;
    const sessid = this.resumeTokens.take(token);
    const target = sessid === undefined ? undefined : this.sessions.get(sessid);
    // A page that reloaded lost its state: the latest OOB frames follow `resumed`.
    const preface = target ? [out.resumed(target.sessid), ...target.lastState.values()] : [];
    if (!target || target === fresh || !target.resumeFrom(fresh, preface)) {
      // A wrong token costs its owner nothing: the spent token was theirs to use once anyway.
      fresh.send([out.error(ErrorCode.ResumeFailed, 'That session can no longer be resumed; this is a new session.')]);
      return;
    }
    clearTimeout(this.graceTimers.get(target.sessid));
    this.graceTimers.delete(target.sessid);
    // The new connection's own provisional session is dropped quietly.
    this.closed(fresh, 'replaced by a resumed session');
    target.send([out.resumeToken(this.resumeTokens.issue(target.sessid), this.resumeGraceSeconds)]);
    this.options.logger.info({ sessid: target.sessid, dropped: fresh.sessid }, 'session resumed');
  }

  closed(session: PortalSession, reason: string): void {
    clearTimeout(this.graceTimers.get(session.sessid));
    this.graceTimers.delete(session.sessid);
    this.resumeTokens.revoke(session.sessid);
    this.forget(session);
    if (!this.sessions.remove(session.sessid)) return;
    this.options.logger.info({ sessid: session.sessid, reason }, 'connection closed');
    if (this.state === 'up') this.toServer({ t: 'disconnect', sessid: session.sessid, reason });
  }

  /** Drops the per-session bookkeeping; safe to call twice. */
  private forget(session: PortalSession): void {
    if (!this.inputRates.delete(session.sessid)) return;
    const count = (this.sessionsPerAddress.get(session.address) ?? 1) - 1;
    if (count <= 0) this.sessionsPerAddress.delete(session.address);
    else this.sessionsPerAddress.set(session.address, count);
  }

  /** Closes a session from the portal side, telling the player why. */
  private drop(session: PortalSession, code: CloseCode, text: string, reason: string): void {
    session.send([out.text(text)]);
    clearTimeout(this.graceTimers.get(session.sessid));
    this.graceTimers.delete(session.sessid);
    this.resumeTokens.revoke(session.sessid);
    this.forget(session);
    this.sessions.remove(session.sessid);
    session.close(code, reason);
  }

  // ---- the game server -----------------------------------------------------------------------

  private toServer(message: PortalToServer): void {
    this.current?.child.link.send(message);
  }

  private spawn(): Tracked {
    const tracked = new Tracked(this.options.launcher.launch());
    tracked.child.link.onMessage((message) => {
      try {
        this.fromServer(tracked, message);
      } catch (err) {
        this.options.logger.error({ err, incident: 'portal-link-handler' }, 'failed to handle a game server message');
      }
    });
    void tracked.child.exited.then((info) => this.childExited(tracked, info));
    return tracked;
  }

  private fromServer(from: Tracked, message: ServerToPortal): void {
    switch (message.t) {
      case 'ready':
        if (message.version !== LINK_VERSION) {
          this.options.logger.fatal(
            { version: message.version, expected: LINK_VERSION },
            'game server speaks another link version',
          );
          from.child.kill();
          return;
        }
        from.ready.resolve();
        return;
      case 'stopping':
        from.stopping.resolve(message);
        return;
      case 'stopped':
        from.stopped.resolve();
        return;
    }
    if (from !== this.current) return;
    switch (message.t) {
      case 'output': {
        for (const { sessids, frames } of message.batches) {
          const state = frames.filter((frame) => frame[0] === 'session' || frame[0] === 'charmenu');
          for (const sessid of sessids) {
            const session = this.sessions.get(sessid);
            if (!session) continue;
            session.knownToServer = true;
            for (const frame of state) session.lastState.set(frame[0], frame);
            session.send(frames);
          }
        }
        return;
      }
      case 'disconnect': {
        const session = this.sessions.get(message.sessid);
        if (session) this.drop(session, CloseCode.Normal, message.reason, message.reason);
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
      case 'request-restart':
        void this.restart(message.kind, message.by);
        return;
    }
  }

  /** Waits for a booting game server, then hands it the sessions and the held input. */
  private async boot(kind: StartKind, fresh: Tracked): Promise<void> {
    this.current = fresh;
    const outcome = await within(
      Promise.race([
        fresh.ready.promise.then(() => 'ready' as const),
        fresh.child.exited.then(() => 'exited' as const),
      ]),
      READY_TIMEOUT_MS,
    );
    if (this.current !== fresh || this.stopping) return;
    if (outcome === 'exited') {
      fresh.exitInfo ??= await fresh.child.exited;
      this.crashed(fresh);
      return;
    }
    if (outcome === undefined) {
      this.options.logger.error({ pid: fresh.child.pid }, 'game server never became ready; killing it');
      fresh.child.kill();
      return;
    }
    this.hello(kind);
    this.options.logger.info({ kind, ms: Date.now() - fresh.startedAt }, 'game server up');
  }

  /** Restores known sessions, announces new ones, delivers held input, in that order. */
  private hello(kind: StartKind): void {
    const all = [...this.sessions.all()];
    const known = all.filter((s) => s.knownToServer);
    const fresh = all.filter((s) => !s.knownToServer);
    this.toServer({ t: 'hello', version: LINK_VERSION, kind, sessions: known.map((s) => s.sync), carry: this.carry });
    for (const session of fresh) this.toServer({ t: 'connect', session: session.sync });
    const held = this.held.splice(0);
    for (const message of held) {
      if (this.sessions.get(message.sessid)) this.toServer(message);
    }
    this.heldPerSession.clear();
    this.state = 'up';
    this.options.logger.info(
      { restored: known.length, connected: fresh.length, held: held.length },
      'sessions handed over',
    );
  }

  /**
   * `reload` / `reset` (SPEC §5): boot a new game server beside the old one, which keeps serving
   * meanwhile; once the new one is ready, let the old one drain and save its sessions, then hand
   * them to the new one. Input is held only for that hand-over, not for the boot. A new game
   * server that cannot start (broken game code) is dropped and the old one goes on serving.
   */
  async restart(kind: RestartKind, by: string): Promise<void> {
    const old = this.current;
    if (this.state !== 'up' || !old || this.stopping || this.restarting) return;
    this.restarting = true;
    const started = Date.now();
    this.options.logger.info({ kind, by }, 'restart requested');
    const next = this.spawn();
    this.booting = next;
    const booted = await within(
      Promise.race([next.ready.promise.then(() => 'ready' as const), next.child.exited.then(() => 'exited' as const)]),
      READY_TIMEOUT_MS,
    );
    this.booting = undefined;
    if (booted !== 'ready' || this.stopping || this.current !== old || this.state !== 'up') {
      next.planned = true;
      next.child.kill();
      this.restarting = false;
      if (booted !== 'ready' && !this.stopping) this.restartFailed(kind, next, booted);
      return;
    }
    this.options.logger.info({ kind, ms: Date.now() - started }, 'new game server ready; handing over');
    const handOver = Date.now();
    this.state = 'reloading';
    old.planned = true;
    old.child.link.send({ t: 'drain', kind });
    const stopping = await within(old.stopping.promise, DRAIN_TIMEOUT_MS);
    if (stopping) {
      for (const data of stopping.sessions) {
        const session = this.sessions.get(data.sessid);
        if (session) session.sync = data;
      }
      this.carry = kind === 'reload' ? stopping.carry : {};
    } else {
      this.options.logger.error({ pid: old.child.pid }, 'old game server did not drain in time; killing it');
    }
    if (!(await within(old.child.exited, 5000))) old.child.kill();
    await old.child.exited;
    this.options.logger.info({ kind, ms: Date.now() - handOver }, 'old game server stopped');
    this.restarting = false;
    if (this.stopping) {
      next.planned = true;
      next.child.kill();
      return;
    }
    await this.boot(kind, next);
    this.options.logger.info({ kind, ms: Date.now() - started, handOverMs: Date.now() - handOver }, 'restart complete');
  }

  /** The new game server of a reload never became ready: the old one serves on. */
  private restartFailed(kind: RestartKind, next: Tracked, outcome: 'exited' | undefined): void {
    this.options.logger.error(
      { kind, pid: next.child.pid, ...next.exitInfo, timedOut: outcome === undefined },
      'the new game server did not start; the old one keeps serving',
    );
    const notice = `|rThe ${kind} failed: the new game server did not start (see the server log). The game goes on as before.|n`;
    this.tellEveryone(notice);
  }

  /** A notice (colour markup) from the portal itself to every session. */
  private tellEveryone(notice: string): void {
    const frames = [out.text(renderMarkup(notice))];
    for (const session of this.sessions.all()) session.send(frames);
  }

  private childExited(tracked: Tracked, info: ExitInfo): void {
    tracked.exitInfo = info;
    tracked.stopped.resolve();
    if (tracked.planned || this.stopping || tracked !== this.current) {
      this.options.logger.info({ pid: tracked.child.pid, ...info }, 'game server exited');
      return;
    }
    this.crashed(tracked);
  }

  /** An unplanned exit of the current game server: tell players, restart with backoff. */
  private crashed(tracked: Tracked): void {
    // A crash of a serving game server, or of a new one that could not start during a reload.
    const wasServing = this.state !== 'down';
    this.state = 'down';
    this.current = undefined;
    this.options.logger.error({ pid: tracked.child.pid, ...tracked.exitInfo }, 'game server exited unexpectedly');
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_LOOP_WINDOW_MS);
    this.crashes.push(now);
    const looping = this.crashes.length >= CRASH_LOOP_COUNT;
    const delay = looping
      ? CRASH_LOOP_RETRY_MS
      : (RESTART_BACKOFF_MS[Math.min(this.crashes.length - 1, RESTART_BACKOFF_MS.length - 1)] ?? 10_000);
    if (looping) {
      this.options.logger.fatal(
        { crashes: this.crashes.length, windowMs: CRASH_LOOP_WINDOW_MS, retryMs: delay },
        'game server is crash-looping; retrying slowly until an operator fixes it',
      );
    }
    const notice = looping
      ? `|rThe game server keeps failing; retrying every ${delay / 1000} seconds. You stay connected.|n`
      : wasServing
        ? 'The game server stopped unexpectedly; restarting it. You stay connected.'
        : undefined;
    if (notice) this.tellEveryone(notice);
    setTimeout(() => {
      if (!this.stopping) void this.boot('crash', this.spawn());
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
    if (this.booting) {
      this.booting.planned = true;
      this.booting.child.kill();
    }
    const current = this.current;
    if (current) {
      current.planned = true;
      if (this.state === 'up') {
        this.toServer({ t: 'shutdown' });
        await within(current.stopped.promise, 5000);
      }
      if (!(await within(current.child.exited, 5000))) current.child.kill();
      await current.child.exited;
    }
    this.state = 'down';
    for (const session of [...this.sessions.all()]) {
      this.drop(session, CloseCode.GoingAway, message, 'server shutting down');
    }
  }
}
