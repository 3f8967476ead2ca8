import type { InboundFrame, OutboundFrame } from '@mud/protocol';
import { CloseCode, Subprotocol } from '../protocol.js';
import { Backoff, type BackoffOptions } from './Backoff.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { decodeOutbound, encodeInbound } from './codec.js';
import { Emitter } from './Emitter.js';
import { ResumeHandshake } from './ResumeHandshake.js';
import { memoryTokenStore, type TokenStore } from './TokenStore.js';

/** Anything built like the browser's `WebSocket`; tests pass a fake (no network, no DOM). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface ClosedEvent extends CloseInfo {
  /** True when the session is over (a `quit`, a kick, a refusal): nothing reconnects by itself. */
  final: boolean;
}

/** A dropped frame, described without its content (it might carry a token). */
export interface InvalidFrame {
  name: string | null;
  bytes: number;
}

export type ResumeEvent =
  | { kind: 'started' }
  | { kind: 'resumed'; sessid: number }
  /** `message`: the portal's reason for a refusal, when it gave one. */
  | { kind: 'failed'; reason: 'refused' | 'timeout'; message?: string };

export type ConnectionEvents = {
  status: [status: ConnectionStatus];
  /** A frame from the portal that passed the protocol schema (resume bookkeeping excluded). */
  frame: [frame: OutboundFrame];
  /** A frame that failed the schema (or a binary frame): dropped, reported for logging only. */
  invalid: [info: InvalidFrame];
  close: [event: ClosedEvent];
  /** A reconnect is scheduled in `delayMs`. */
  retry: [info: { attempt: number; delayMs: number }];
  resume: [event: ResumeEvent];
  /** The portal gave this tab a (new) resume token; the token itself stays inside `net/`. */
  token: [info: { graceSeconds: number }];
};

export interface ConnectionOptions {
  /** The socket's URL, or a function giving it for each new socket (it carries the screen size). */
  url: string | (() => string);
  /** Defaults to the global `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Interval of the `idle` keepalive; defaults to 30 s. */
  keepaliveMs?: number;
  /** Where the resume token is kept; the app passes the tab's `sessionStorage`. */
  tokens?: TokenStore;
  backoff?: BackoffOptions;
  /** How long to wait for the answer to `resume` before giving up on it; defaults to 10 s. */
  resumeTimeoutMs?: number;
  /** A connection that stayed up this long starts the backoff over when it drops; 5 s. */
  stableMs?: number;
}

// `WebSocket.CONNECTING` / `.OPEN`, spelled out so a fake constructor need not carry the statics.
const CONNECTING = 0;
const OPEN = 1;
/** RFC 6455 §7.4.1: reserved for "closed without a close frame"; we report it when none came. */
const ABNORMAL_CLOSURE = 1006;

/**
 * Closes after which reconnecting would not help or is not wanted: the server ended the session
 * on purpose (`quit`, a mode-0 kick, an idle timeout: 1000) or refused us by policy or protocol.
 * Anything else is retried with backoff and resumed: 1006 (no close frame: network drop, sleep, a
 * crashed portal), 1005, 1011, 1012, 1013, 4xxx — and 1001, a portal going away (SIGTERM,
 * docs/settings.md#signals): issue 5 has a tab come back by itself after a portal restart. A restarted portal does not
 * know the old resume token, so that resume is refused and the tab lands on a fresh session.
 */
const FINAL_CLOSES: ReadonlySet<number> = new Set([
  CloseCode.Normal,
  CloseCode.ProtocolError,
  CloseCode.UnsupportedData,
  CloseCode.InvalidPayload,
  CloseCode.PolicyViolation,
  CloseCode.MessageTooBig,
]);

const DEFAULT_KEEPALIVE_MS = 30_000;
/** Tokens are 16..128 characters (the `resume` input's schema); anything else is not sent. */
const isSendableToken = (token: string) => token.length >= 16 && token.length <= 128;

function describeInvalid(raw: string): InvalidFrame {
  const match = /^\s*\[\s*"([\w-]{1,40})"/.exec(raw);
  return { name: match?.[1] ?? null, bytes: raw.length };
}

/**
 * One websocket to the portal speaking `v1.evennia.com` (docs/protocol.md#the-websocket), kept alive across drops:
 * a close the server did not mean (see `FINAL_CLOSES`) is retried with backoff, and each new
 * socket first asks to `resume` the tab's session with its private token, holding the new
 * connection's greeting until the portal answers (see `ResumeHandshake`). Framework-free; the UI
 * listens through `on()`.
 */
export class Connection {
  private readonly events = new Emitter<ConnectionEvents>();
  private readonly url: () => string;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly keepaliveMs: number;
  private readonly tokens: TokenStore;
  private readonly backoff: Backoff;
  private readonly resumeTimeoutMs: number;
  private readonly stableMs: number;
  private ws: WebSocket | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  private handshake: ResumeHandshake | undefined;
  private currentStatus: ConnectionStatus = ConnectionStatus.Disconnected;
  private attempts = 0;
  private connectedAt = 0;
  /** Set by `close()`: the coming close event is ours and final. */
  private closing = false;
  /** Set while the page is being unloaded (or frozen): its socket's close says nothing. */
  private leaving = false;

  constructor(options: ConnectionOptions) {
    const { url } = options;
    this.url = typeof url === 'string' ? () => url : url;
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.keepaliveMs = options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
    this.tokens = options.tokens ?? memoryTokenStore();
    this.backoff = new Backoff(options.backoff);
    this.resumeTimeoutMs = options.resumeTimeoutMs ?? 10_000;
    this.stableMs = options.stableMs ?? 5_000;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** The live socket, if any. Exposed for the end-to-end test hook only (docs/architecture.md#test-hooks). */
  get socket(): WebSocket | undefined {
    return this.ws;
  }

  /** True while a reconnect is scheduled. */
  get retryPending(): boolean {
    return this.retryTimer !== undefined;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: (...args: ConnectionEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Opens a socket now unless one is already open or opening (a scheduled retry is brought forward). */
  connect(): void {
    this.clearRetry();
    if (this.ws !== undefined && (this.ws.readyState === CONNECTING || this.ws.readyState === OPEN)) return;
    this.closing = false;
    // The first attempt is plain "disconnected" until it opens; any later one is a reconnect.
    if (this.attempts++ > 0) this.setStatus(ConnectionStatus.Reconnecting);
    let ws: WebSocket;
    try {
      ws = new this.WebSocketImpl(this.url(), [Subprotocol.EvenniaV1]);
    } catch {
      // A bad URL or a blocked port throws synchronously (WHATWG WebSockets §3.1): retrying the
      // same URL cannot help.
      this.ws = undefined;
      this.handleClosed({ code: ABNORMAL_CLOSURE, reason: 'could not open the websocket', wasClean: false }, true);
      return;
    }
    this.ws = ws;
    // Events of a socket we have since replaced are ignored: only `this.ws` drives our state.
    ws.addEventListener('open', () => {
      if (this.ws === ws) this.handleOpen();
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (this.ws === ws) this.handleMessage(event.data);
    });
    // `error` is always followed by `close` (WHATWG WebSockets), so `close` alone settles state.
    ws.addEventListener('close', (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      const final = this.closing || FINAL_CLOSES.has(event.code);
      this.handleClosed({ code: event.code, reason: event.reason, wasClean: event.wasClean }, final);
    });
  }

  /**
   * The page is going away (a refresh, a navigation) or into the back/forward cache. The browser
   * closes the socket; that close must neither forget the resume token — the next page resumes
   * with it — nor schedule a reconnect.
   */
  leavePage(): void {
    this.leaving = true;
    this.clearRetry();
  }

  /** The page came back from the back/forward cache: reconnect (and resume) if the socket is gone. */
  returnToPage(): void {
    this.leaving = false;
    if (this.ws === undefined) this.connect();
  }

  /** Brings a scheduled reconnect forward (the browser came back online, the tab woke up). */
  retryNow(): void {
    if (this.retryTimer !== undefined) this.connect();
  }

  /**
   * Sends one frame; returns false (and sends nothing) when there is no usable session: the socket
   * is not open, or a resume is still being answered.
   */
  send(frame: InboundFrame): boolean {
    const ws = this.ws;
    if (ws === undefined || ws.readyState !== OPEN || this.handshake !== undefined) return false;
    ws.send(encodeInbound(frame));
    return true;
  }

  /** Closes the socket cleanly and for good; the `close` event then reports `disconnected`. */
  close(code = 1000, reason = ''): void {
    this.clearRetry();
    this.closing = true;
    if (this.ws === undefined) this.setStatus(ConnectionStatus.Disconnected);
    this.ws?.close(code, reason);
  }

  /** Closes the socket and drops every listener and timer. */
  dispose(): void {
    const ws = this.ws;
    this.ws = undefined;
    this.stopKeepalive();
    this.clearRetry();
    this.endHandshake();
    ws?.close(1000, '');
    this.events.clear();
  }

  private handleOpen(): void {
    this.startKeepalive();
    const stored = this.tokens.load();
    if (stored === null || !isSendableToken(stored.token)) {
      this.becomeConnected();
      return;
    }
    // The resume request must be the first frame of the connection.
    this.ws?.send(encodeInbound(['resume', [], { token: stored.token }]));
    this.handshake = new ResumeHandshake();
    this.resumeTimer = setTimeout(() => this.resumeRefused('timeout'), this.resumeTimeoutMs);
    this.setStatus(ConnectionStatus.Reconnecting);
    this.events.emit('resume', { kind: 'started' });
  }

  private becomeConnected(): void {
    this.connectedAt = Date.now();
    this.setStatus(ConnectionStatus.Connected);
  }

  private handleMessage(data: unknown): void {
    // v1.evennia.com carries JSON text frames only; binary belongs to other subprotocols.
    if (typeof data !== 'string') {
      this.events.emit('invalid', { name: null, bytes: data instanceof ArrayBuffer ? data.byteLength : 0 });
      return;
    }
    const frame = decodeOutbound(data);
    if (frame === null) {
      this.events.emit('invalid', describeInvalid(data));
      return;
    }
    if (this.handshake === undefined) {
      this.deliver(frame);
      return;
    }
    const step = this.handshake.offer(frame);
    if (step.kind === 'resumed') {
      this.endHandshake();
      this.events.emit('resume', { kind: 'resumed', sessid: step.sessid });
      this.becomeConnected();
    } else if (step.kind === 'refused') {
      this.resumeRefused('refused', step.held, step.message);
    }
  }

  private resumeRefused(
    reason: 'refused' | 'timeout',
    held = this.handshake?.refuse().held ?? [],
    message?: string,
  ): void {
    this.endHandshake();
    this.tokens.clear();
    this.events.emit(
      'resume',
      message === undefined ? { kind: 'failed', reason } : { kind: 'failed', reason, message },
    );
    this.becomeConnected();
    // The provisional session is ours after all: show its greeting (and keep its token).
    for (const frame of held) this.deliver(frame);
  }

  /** Frames after the handshake: resume bookkeeping stays here, the rest goes to listeners. */
  private deliver(frame: OutboundFrame): void {
    switch (frame[0]) {
      case 'resume_token':
        this.tokens.save({ token: frame[2].token, graceSeconds: frame[2].graceSeconds });
        this.events.emit('token', { graceSeconds: frame[2].graceSeconds });
        return;
      case 'resumed':
        // Only expected during a handshake; a late one (after our timeout) still means the
        // portal moved the old session here, so say so.
        this.events.emit('resume', { kind: 'resumed', sessid: frame[2].sessid });
        return;
      default:
        this.events.emit('frame', frame);
    }
  }

  private handleClosed(info: CloseInfo, final: boolean): void {
    this.stopKeepalive();
    this.endHandshake();
    if (this.leaving) return;
    this.closing = false;
    if (this.connectedAt > 0 && Date.now() - this.connectedAt >= this.stableMs) this.backoff.reset();
    this.connectedAt = 0;
    if (final) this.tokens.clear();
    this.events.emit('close', { ...info, final });
    if (final) {
      this.backoff.reset();
      this.setStatus(ConnectionStatus.Disconnected);
      return;
    }
    this.setStatus(ConnectionStatus.Reconnecting);
    const delayMs = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delayMs);
    this.events.emit('retry', { attempt: this.backoff.attempts, delayMs });
  }

  private endHandshake(): void {
    this.handshake = undefined;
    clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.events.emit('status', status);
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    this.keepalive = setInterval(() => this.send(['idle', [], {}]), this.keepaliveMs);
  }

  private stopKeepalive(): void {
    if (this.keepalive !== undefined) clearInterval(this.keepalive);
    this.keepalive = undefined;
  }
}
