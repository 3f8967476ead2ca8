/**
 * Resuming a session from a new connection (docs/architecture.md#closing-a-connection): a session whose
 * connection dropped waits detached for its grace period; a new connection that presents the
 * session's private token takes it over, output buffered meanwhile included.
 *
 * - A connection closed on purpose (1000) ends its session at once. A closed tab or a refresh
 *   (1001, going away) waits MUD_RESUME_GRACE_CLOSED: long enough for the refresh to resume,
 *   short enough that a closed tab's character leaves promptly. A drop (1006) and a bare close
 *   (1005) wait MUD_RESUME_GRACE, meant for a network that comes back.
 * - A session whose connection the portal still holds is probed first. If that connection
 *   answers, the token was copied from a tab that is still open (a browser's "Duplicate tab"
 *   copies sessionStorage), so the copy gets a new session and the original keeps its own, token
 *   and all. If it stays silent, it is a half-open connection the heartbeat has not caught yet (a
 *   network change, a laptop waking up) and the resume takes it over.
 */
import { CloseCode, ErrorCode, out } from '@mud/protocol';
import type { Logger } from '../logger.js';
import type { PortalSession } from './PortalSession.js';
import type { PortalSessionRegistry } from './PortalSessionRegistry.js';
import { type ResumeTokenStore, ResumeTokens } from './ResumeTokens.js';

/** How long a resume waits for the session's old connection to show it is still there. */
const RESUME_PROBE_MS = 1500;

export interface ResumeServiceOptions {
  /** Seconds a dropped session waits (MUD_RESUME_GRACE); 0 disables resume. */
  graceSeconds: number;
  /** Seconds a session whose client went away (1001) waits (MUD_RESUME_GRACE_CLOSED). */
  graceClosedSeconds: number;
  sessions: PortalSessionRegistry;
  logger: Logger;
  /** Ends a session for good (the portal's own bookkeeping and the game server's). */
  end(session: PortalSession, reason: string): void;
  /** Where tokens live; this portal's memory unless a cluster shares them. */
  tokens?: ResumeTokenStore;
  /**
   * A token named a session this portal does not hold (a cluster's other portal held it): moves
   * `fresh`'s connection into that session here, or undefined when it cannot be resumed.
   */
  adopt?(fresh: PortalSession, sessid: number): Promise<PortalSession | undefined>;
}

export class ResumeService {
  private readonly tokens: ResumeTokenStore;

  constructor(private readonly options: ResumeServiceOptions) {
    this.tokens = options.tokens ?? new ResumeTokens();
  }

  /** A new session is told its token, when resume is on and its protocol can resume. */
  opened(session: PortalSession): void {
    if (this.options.graceSeconds > 0 && session.resumable) this.sendToken(session);
  }

  /** The session is over: its token stops working and its grace timer stops. */
  forget(session: PortalSession): void {
    session.cancelGrace();
    this.tokens.revoke(session.sessid);
  }

  /**
   * The session's connection went away: it waits detached for a resume during the grace period,
   * then ends as a normal disconnect. Without resume (or when `endNow`, or for a session that
   * cannot be resumed) it ends at once.
   */
  connectionLost(session: PortalSession, code: number, endNow: boolean): void {
    const seconds = code === CloseCode.GoingAway ? this.options.graceClosedSeconds : this.options.graceSeconds;
    if (code === CloseCode.Normal || this.options.graceSeconds === 0 || seconds === 0 || endNow || !session.resumable) {
      this.options.end(session, 'connection closed by client');
      return;
    }
    this.options.logger.info({ sessid: session.sessid, code, seconds }, 'connection lost; session waits to be resumed');
    session.startGrace(seconds * 1000, () => {
      if (!session.attached) this.options.end(session, 'connection lost and not resumed');
    });
  }

  /** `resume`: `fresh` (a new connection) hands its connection to the session the token names. */
  async resume(fresh: PortalSession, token: string): Promise<void> {
    const { sessions } = this.options;
    const claimed = await this.tokens.peek(token);
    const holder = claimed === undefined ? undefined : sessions.get(claimed);
    if (holder?.attached && holder !== fresh && (await holder.answers(RESUME_PROBE_MS))) {
      fresh.send([
        out.error(ErrorCode.ResumeFailed, 'That session is open in another tab or window; this is a new session.'),
      ]);
      return;
    }
    // The new connection may have gone while the old one was probed: then nobody spends the token.
    if (!fresh.attached || sessions.get(fresh.sessid) !== fresh) return;
    const sessid = await this.tokens.take(token);
    if (sessid !== undefined && !sessions.get(sessid) && this.options.adopt) {
      const adopted = await this.options.adopt(fresh, sessid);
      if (adopted) {
        this.sendToken(adopted);
        this.options.logger.info({ sessid, dropped: fresh.sessid }, 'session resumed from another portal');
        return;
      }
    }
    const target = sessid === undefined ? undefined : sessions.get(sessid);
    // A page that reloaded lost its state: the latest OOB frames follow `resumed`.
    const preface = target ? [out.resumed(target.sessid), ...target.lastState.values()] : [];
    if (!target || target === fresh || !target.resumeFrom(fresh, preface)) {
      // A wrong token costs its owner nothing: the spent token was theirs to use once anyway.
      fresh.send([out.error(ErrorCode.ResumeFailed, 'That session can no longer be resumed; this is a new session.')]);
      return;
    }
    target.cancelGrace();
    // The new connection's own provisional session is dropped quietly.
    this.options.end(fresh, 'replaced by a resumed session');
    this.sendToken(target);
    this.options.logger.info({ sessid: target.sessid, dropped: fresh.sessid }, 'session resumed');
  }

  private sendToken(session: PortalSession): void {
    session.send([out.resumeToken(this.tokens.issue(session.sessid), this.options.graceSeconds)]);
  }

  /** Tokens held: one per session that can be resumed. */
  get size(): number {
    return this.tokens.size;
  }
}
