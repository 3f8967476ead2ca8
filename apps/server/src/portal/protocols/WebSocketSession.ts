/**
 * The websocket protocol of the portal, `v1.evennia.com` (SPEC §6): JSON text frames
 * `[cmdname, args, kwargs]`. Every inbound frame is parsed by the protocol schema; a bad frame
 * gets an `error` frame and the connection keeps working. Oversized frames never reach this code:
 * ws refuses them with close 1009 (`maxPayload`).
 */
import {
  CloseCode,
  decodeInbound,
  ErrorCode,
  encodeOutbound,
  type InboundFrame,
  type OutboundFrame,
  out,
  type SessionSyncData,
} from '@mud/protocol';
import type { WebSocket } from 'ws';
import { initialSyncData, type PortalSession } from '../PortalSession.js';

export interface WebSocketSessionEvents {
  onInput(session: PortalSession, frame: InboundFrame): void;
  onClose(session: PortalSession, reason: string): void;
}

export class WebSocketSession implements PortalSession {
  readonly protocolKey = 'websocket' as const;
  readonly connTime = Date.now();
  sync: SessionSyncData;
  knownToServer = false;
  private closed = false;

  constructor(
    readonly sessid: number,
    readonly address: string,
    private readonly socket: WebSocket,
    private readonly events: WebSocketSessionEvents,
  ) {
    this.sync = initialSyncData(sessid, address, this.protocolKey, this.connTime);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', (code) => this.closedByPeer(code));
    socket.on('error', () => {
      // ws emits 'error' for protocol violations (bad UTF-8, oversized frames) and then closes
      // the socket itself with the right code; the 'close' handler cleans up.
    });
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      this.send([out.error(ErrorCode.MalformedFrame, 'Binary frames are not accepted; send JSON text frames.')]);
      return;
    }
    const raw = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : String(data);
    const result = decodeInbound(raw);
    if (!result.ok) {
      this.send([out.error(result.code, result.message, result.input)]);
      return;
    }
    this.events.onInput(this, result.frame);
  }

  send(frames: readonly OutboundFrame[]): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    for (const frame of frames) this.socket.send(encodeOutbound(frame));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // Close reasons are limited to 123 bytes by RFC 6455 §5.5.
    this.socket.close(code, Buffer.from(reason).subarray(0, 120).toString());
    this.events.onClose(this, reason);
  }

  private closedByPeer(code: number): void {
    if (this.closed) return;
    this.closed = true;
    const reason = code === CloseCode.MessageTooBig ? 'frame too large' : 'connection closed by client';
    this.events.onClose(this, reason);
  }
}
