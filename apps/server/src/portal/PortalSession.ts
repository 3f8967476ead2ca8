/**
 * A portal session: one established connection, whatever its protocol (Evennia's
 * PortalSession). The portal keeps the latest sync data the game server sent for it, so a game
 * server restart can rebuild the server session (SPEC §5).
 */
import type { OutboundFrame, ProtocolKey, SessionSyncData } from '@mud/protocol';

export interface PortalSession {
  readonly sessid: number;
  readonly address: string;
  readonly protocolKey: ProtocolKey;
  readonly connTime: number;
  /** The server's latest view of this session. */
  sync: SessionSyncData;
  /** The latest OOB state frames (`session`, `charmenu`), re-sent to a resumed connection. */
  readonly lastState: Map<string, OutboundFrame>;
  /** True once a game server has answered for this session: a restarted one restores it. */
  knownToServer: boolean;
  /** False while the connection is gone and the session waits to be resumed. */
  readonly attached: boolean;
  send(frames: readonly OutboundFrame[]): void;
  /**
   * Takes over `other`'s live connection (a resume), ending `other`; `preface` is sent first,
   * then what was buffered while detached. False when the protocols cannot do that.
   */
  resumeFrom(other: PortalSession, preface: readonly OutboundFrame[]): boolean;
  /**
   * Whether the connection still answers: true when the peer shows it is there within
   * `timeoutMs` (a websocket pong), false when it is gone or stays silent.
   */
  answers(timeoutMs: number): Promise<boolean>;
  /** Sends nothing more; closes the connection with a websocket close code. */
  close(code: number, reason: string): void;
}

export function initialSyncData(
  sessid: number,
  address: string,
  protocolKey: ProtocolKey,
  connTime: number,
): SessionSyncData {
  return {
    sessid,
    address,
    protocolKey,
    connTime,
    loggedIn: false,
    accountId: null,
    puppetId: null,
    cmdLast: connTime,
    cmdLastVisible: connTime,
    cmdTotal: 0,
    protocolFlags: {},
  };
}
