/**
 * The websocket protocol of the portal (docs/protocol.md#the-websocket). The handshake's
 * subprotocol picks the wire format (docs/telnet.md#mud-standards-websocket-subprotocols);
 * everything here is shared by all of them. Every inbound message is read by the format and
 * checked by the protocol schema; a bad one gets an error in the format's own terms and the
 * connection keeps working. Oversized messages never reach this code: ws refuses them with close
 * 1009 (`maxPayload`).
 *
 * The socket is not the session: when it drops, the session may wait detached (its output
 * buffered) for the player to resume it from a new socket (issue 5).
 *
 * A reader that lags loses other players' chatter before anything else (`SlowReader`, the policy
 * every protocol shares); only output it cannot do without still reaches MUD_MAX_OUTPUT_BUFFER
 * and closes with 1008. The drop decision is per socket at send time, so the fan-out stays
 * encoded once for all readers.
 */
import { CloseCode, ErrorCode, type InboundFrame, type OutboundFrame, out } from '@mud/protocol';
import type { RawData, WebSocket } from 'ws';
import {
  PortalSession,
  type PortalSessionEvents,
  type PortalSessionOptions,
  type SendOptions,
} from '../PortalSession.js';
import { OUTPUT_BUFFER_FULL, SlowReader } from './SlowReader.js';
import { EvenniaV1 } from './wire/EvenniaV1.js';
import { messageBytes, type WireFormat, type WireMessage } from './wire/WireFormat.js';

/** Output kept for a detached session; past it the oldest frames are dropped. */
const MAX_BUFFERED_FRAMES = 500;
/**
 * After closing a socket whose output buffer overflowed, how long the close handshake may take
 * before the socket is destroyed: a peer that stopped reading never answers it.
 */
const OVERFLOW_CLOSE_GRACE_MS = 2000;
export interface WebSocketSessionOptions extends PortalSessionOptions {
  /**
   * Bytes of output the socket may have waiting to be sent (ws `bufferedAmount`: ws's queue plus
   * the socket's) before the connection is closed with 1008 and the session ended
   * (MUD_MAX_OUTPUT_BUFFER). 0: no cap.
   */
  maxOutputBuffer?: number;
  /**
   * The wire format of the socket's subprotocol (`v1.evennia.com` when not given). One object per
   * format is shared by the portal's sessions, so a frame sent to many is encoded once.
   */
  format?: WireFormat;
}

export class WebSocketSession extends PortalSession {
  private socket: WebSocket | undefined;
  /** Output held while detached, each frame with its chatter mark. */
  private readonly buffer: { frame: OutboundFrame; chatter: boolean }[] = [];
  private ended = false;
  private format: WireFormat;
  private readonly reader: SlowReader;

  constructor(
    sessid: number,
    address: string,
    socket: WebSocket,
    events: PortalSessionEvents,
    protected override readonly options: WebSocketSessionOptions = {},
  ) {
    super(sessid, address, 'websocket', events, options);
    this.format = options.format ?? new EvenniaV1();
    this.reader = new SlowReader({
      max: options.maxOutputBuffer ?? 0,
      backlog: () => {
        const live = this.socket;
        return live && live.readyState === live.OPEN ? live.bufferedAmount : undefined;
      },
      notify: (notice) => {
        if (this.socket) this.sendMessages(this.socket, this.format.encode(notice));
      },
      logger: options.logger,
      who: { sessid, address },
    });
    this.attach(socket);
  }

  get attached(): boolean {
    return this.socket !== undefined;
  }

  /**
   * Resume: this session takes over `other`'s live socket (the player's new connection), which
   * ends `other`. A socket this session still had is closed. `preface` goes out before the
   * output buffered while detached.
   */
  resumeFrom(other: PortalSession, preface: readonly OutboundFrame[]): boolean {
    if (!(other instanceof WebSocketSession) || this.ended) return false;
    if (!this.format.resumable || !other.format.resumable) return false;
    const socket = other.releaseSocket();
    if (!socket) return false;
    const old = this.socket;
    this.socket = undefined;
    old?.close(CloseCode.Normal, 'session resumed from another connection');
    // The socket goes on speaking what its handshake chose.
    this.format = other.format;
    this.attach(socket, preface);
    return true;
  }

  override carryAs(sessid: number, preface: readonly OutboundFrame[]): PortalSession | undefined {
    if (this.ended || !this.format.resumable) return undefined;
    const socket = this.releaseSocket();
    if (!socket) return undefined;
    const carried = new WebSocketSession(sessid, this.address, socket, this.events, {
      ...this.options,
      format: this.format,
    });
    carried.send(preface);
    return carried;
  }

  answers(timeoutMs: number): Promise<boolean> {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (alive: boolean) => {
        clearTimeout(timer);
        socket.off('pong', onPong);
        socket.off('close', onClose);
        resolve(alive);
      };
      const onPong = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.on('pong', onPong);
      socket.on('close', onClose);
      // Browsers answer pings in their network stack, so even a throttled background tab pongs.
      socket.ping();
    });
  }

  /** Carries this session on `socket` from now on; buffered output goes out after `preface`. */
  private attach(socket: WebSocket, preface: readonly OutboundFrame[] = []): void {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (this.socket === socket) this.atEdge(() => this.receive(data, isBinary));
    });
    socket.on('close', (code) => {
      if (this.socket === socket) this.atEdge(() => this.lost(code));
    });
    socket.on('error', () => {
      // ws emits 'error' for protocol violations (bad UTF-8, oversized frames) and then closes
      // the socket itself with the right code; the 'close' handler cleans up.
    });
    if (socket.readyState !== socket.OPEN) return;
    // The preface (`resumed`, state) comes first: a drop notice owed from the old socket waits
    // for the drain check, so it never precedes what the client expects first on a resume.
    if (!this.write(socket, preface, false)) return;
    for (const { frame, chatter } of this.buffer.splice(0)) {
      if (!this.write(socket, [frame], chatter)) return;
    }
    this.reader.resume();
  }

  /** Hands the live socket over to another session (a resume); this session is over. */
  private releaseSocket(): WebSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    this.ended = true;
    this.reader.stop();
    return socket;
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    // Every message spends the input rate, refused ones too: past the rate nothing is parsed or
    // answered, so garbage cannot buy more work or more error frames than commands can.
    if (!this.admitFrame()) return;
    const input = this.format.decode(messageBytes(data), isBinary);
    switch (input.kind) {
      case 'blank':
        return;
      case 'close':
        this.close(CloseCode.Normal, 'closed by the client');
        return;
      case 'refused':
        this.refused(input.failure);
        return;
      case 'frame':
        this.accept(input.frame);
        return;
    }
  }

  private accept(frame: InboundFrame): void {
    if (frame[0] === 'resume' && !this.format.resumable) {
      // docs/telnet.md#resume-and-the-subprotocols
      this.send([
        out.error(ErrorCode.ResumeFailed, 'Resuming a session works on the v1.evennia.com subprotocol only.'),
      ]);
      return;
    }
    this.events.input(this, frame);
  }

  send(frames: readonly OutboundFrame[], options: SendOptions = {}): void {
    if (this.ended) return;
    const chatter = options.chatter === true;
    const socket = this.socket;
    if (!socket) {
      for (const frame of frames) this.buffer.push({ frame, chatter });
      if (this.buffer.length > MAX_BUFFERED_FRAMES) this.buffer.splice(0, this.buffer.length - MAX_BUFFERED_FRAMES);
      return;
    }
    if (socket.readyState !== socket.OPEN) return;
    this.reader.reportDropped();
    this.write(socket, frames, chatter);
  }

  /**
   * Writes `frames` to the socket: chatter is dropped while the reader lags; anything else that
   * takes the backlog past the cap closes the connection. False when it did.
   */
  private write(socket: WebSocket, frames: readonly OutboundFrame[], chatter: boolean): boolean {
    for (const frame of frames) {
      if (chatter && this.reader.dropsChatter()) continue;
      this.sendMessages(socket, this.format.encode(frame));
      // Chatter never closes the connection: it is only sent below half the cap, so the worst
      // it does is make the reader's next own answer wait (or, past the cap, end it).
      if (!chatter && this.reader.overflowing) {
        this.overflowed(socket);
        return false;
      }
    }
    return true;
  }

  private sendMessages(socket: WebSocket, messages: readonly WireMessage[]): void {
    for (const message of messages) socket.send(message);
  }

  /**
   * The peer reads slower than the game writes to it (or not at all): rather than let its
   * output pile up in the portal, the connection is closed with 1008 and the session ends. The
   * close frame waits behind the unread output, so the socket is destroyed if the peer has not
   * finished the close handshake shortly after.
   */
  private overflowed(socket: WebSocket): void {
    this.options.logger?.warn(
      {
        sessid: this.sessid,
        address: this.address,
        buffered: socket.bufferedAmount,
        max: this.options.maxOutputBuffer,
      },
      `${OUTPUT_BUFFER_FULL}; connection closed (MUD_MAX_OUTPUT_BUFFER)`,
    );
    const timer = setTimeout(() => socket.terminate(), OVERFLOW_CLOSE_GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    this.close(CloseCode.PolicyViolation, OUTPUT_BUFFER_FULL);
  }

  close(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.reader.stop();
    // Close reasons are limited to 123 bytes by RFC 6455 §5.5.
    this.socket?.close(code, Buffer.from(reason).subarray(0, 120).toString());
    this.socket = undefined;
    this.events.ended(this, reason);
  }

  private lost(code: number): void {
    this.socket = undefined;
    this.reader.stop();
    if (this.ended) return;
    // A session nothing can resume ends at once, as telnet's do (docs/telnet.md#resume-and-the-subprotocols).
    if (code === CloseCode.MessageTooBig || !this.format.resumable) {
      this.ended = true;
      this.events.ended(this, code === CloseCode.MessageTooBig ? 'frame too large' : 'connection closed by client');
      return;
    }
    this.events.connectionLost(this, code);
  }
}
