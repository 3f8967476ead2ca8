/**
 * A portal session: one established connection, whatever its protocol (Evennia's
 * PortalSession). This base class holds what every protocol shares — the server's latest view
 * of the session (so a restarted game server can rebuild it, docs/protocol.md#sync-data), the
 * session's input rate, its resume grace timer and its count of held input — so that state
 * lives and dies with the connection's own object. A protocol (websocket; later telnet, SSH) is
 * one subclass: how frames are read and written, how a connection is taken over on resume.
 */
import {
  ErrorCode,
  type Failure,
  type InboundFrame,
  initialSyncData,
  type OutboundFrame,
  out,
  type ProtocolKey,
  type SessionSyncData,
} from '@mud/protocol';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { TokenBucket } from './RateLimiter.js';

/** What a protocol session tells the portal. */
export interface PortalSessionEvents {
  /** A frame that passed the input rate and the protocol's parsing. */
  input(session: PortalSession, frame: InboundFrame): void;
  /** The peer's connection went away (not closed by us): the portal decides detach or end. */
  connectionLost(session: PortalSession, code: number): void;
  /** The session ended for good. */
  ended(session: PortalSession, reason: string): void;
}

/** How a batch of output is to be delivered. */
export interface SendOptions {
  /**
   * Other players' room chatter (the link's `chatter` mark): a protocol may drop it for a peer
   * that reads too slowly, and tell it so, instead of ending the session (issue 14).
   */
  chatter?: boolean | undefined;
}

export interface PortalSessionOptions {
  /** Inputs per second (MUD_MAX_COMMAND_RATE); 0 disables. */
  maxCommandRate?: number;
  logger?: Logger | undefined;
}

export abstract class PortalSession {
  readonly connTime = Date.now();
  /** The server's latest view of this session. */
  sync: SessionSyncData;
  /** The latest OOB state frames (`session`, `charmenu`), re-sent to a resumed connection. */
  readonly lastState = new Map<string, OutboundFrame>();
  /** True once a game server has answered for this session: a restarted one restores it. */
  knownToServer = false;
  /** Inputs of this session the portal holds while the game server is away. */
  heldInputs = 0;
  private readonly inputRate: TokenBucket;
  private rateWarnedAt = 0;
  private refusalLoggedAt = 0;
  private graceTimer: NodeJS.Timeout | undefined;

  protected constructor(
    readonly sessid: number,
    readonly address: string,
    readonly protocolKey: ProtocolKey,
    protected readonly events: PortalSessionEvents,
    protected readonly options: PortalSessionOptions = {},
  ) {
    this.sync = initialSyncData(sessid, address, protocolKey, this.connTime);
    this.inputRate = new TokenBucket(options.maxCommandRate ?? 0);
  }

  /**
   * Whether a new connection may take this session over (a resume). Telnet sessions cannot be:
   * they get no token and end when their connection does (docs/telnet.md#sessions).
   */
  get resumable(): boolean {
    return true;
  }

  /** False while the connection is gone and the session waits to be resumed. */
  abstract readonly attached: boolean;
  abstract send(frames: readonly OutboundFrame[], options?: SendOptions): void;
  /**
   * Takes over `other`'s live connection (a resume), ending `other`; `preface` is sent first,
   * then what was buffered while detached. False when the protocols cannot do that.
   */
  abstract resumeFrom(other: PortalSession, preface: readonly OutboundFrame[]): boolean;
  /**
   * Hands this connection to a new session object for `sessid`, a session another portal held
   * (a resume on another portal, docs/cluster.md#resume-on-any-portal); `preface` goes out first.
   * This object is left without a connection. Undefined when the protocol cannot resume.
   */
  carryAs(_sessid: number, _preface: readonly OutboundFrame[]): PortalSession | undefined {
    return undefined;
  }
  /**
   * Whether the connection still answers: true when the peer shows it is there within
   * `timeoutMs` (a websocket pong), false when it is gone or stays silent.
   */
  abstract answers(timeoutMs: number): Promise<boolean>;
  /** Sends nothing more; closes the connection (a websocket close code) and ends the session. */
  abstract close(code: number, reason: string): void;

  /**
   * A frame arrived, before it is even parsed: it spends one of the session's
   * MUD_MAX_COMMAND_RATE tokens whether it turns out valid or not, so a flood of garbage is
   * throttled like a flood of commands. False when the frame must be dropped unanswered; the
   * player is told at most once a second, so neither the refusals nor the warning can flood.
   */
  protected admitFrame(): boolean {
    if (this.inputRate.take()) return true;
    const now = Date.now();
    if (now - this.rateWarnedAt > 1000) {
      this.rateWarnedAt = now;
      this.incident('input-rate-limited');
      this.send([out.error(ErrorCode.RateLimited, 'You entered commands too fast. Wait a moment and try again.')]);
    }
    return false;
  }

  /**
   * A frame the protocol refused: the player gets the error; the admin view's incidents get it,
   * at most once a second per session (each refused frame already spends the input rate).
   */
  protected refused(failure: Failure): void {
    this.send([out.error(failure.code, failure.reason, failure.input)]);
    const now = Date.now();
    if (now - this.refusalLoggedAt < 1000) return;
    this.refusalLoggedAt = now;
    this.incident('frame-refused', { code: failure.code, detail: `${failure.code}: ${failure.reason}` });
  }

  private incident(name: 'input-rate-limited' | 'frame-refused', fields: Record<string, unknown> = {}): void {
    if (this.options.logger) {
      logIncident(this.options.logger, name, { sessid: this.sessid, address: this.address, ...fields }, 'warn');
    }
  }

  /**
   * Runs what a connection's event (a frame, a close) sets off. This is the socket's edge:
   * whatever throws behind it is a logged incident and an `E_INTERNAL` frame to this player,
   * never a dead connection or process, and nobody else notices.
   */
  protected atEdge(work: () => void): void {
    try {
      work();
    } catch (err) {
      if (this.options.logger) logIncident(this.options.logger, 'portal-input-failed', { err, sessid: this.sessid });
      this.send([
        out.error(ErrorCode.Internal, 'Something went wrong handling your input. The error has been logged.'),
      ]);
    }
  }

  /** Starts (or restarts) the wait for a resume; `expire` runs if nothing cancels it in time. */
  startGrace(ms: number, expire: () => void): void {
    this.cancelGrace();
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      expire();
    }, ms);
    this.graceTimer.unref();
  }

  cancelGrace(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}
