import { decodeOutbound, type InboundFrame, type OutboundFrame, Subprotocol } from '@mud/protocol';
import { ConnectionStatus } from './ConnectionStatus.js';
import { Emitter } from './Emitter.js';

/** Anything built like the browser's `WebSocket`; tests pass a fake (no network, no DOM). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export type ConnectionEvents = {
  status: [status: ConnectionStatus];
  /** A frame from the portal that passed the protocol schema. */
  frame: [frame: OutboundFrame];
  /** A frame that failed the schema (or a binary frame): dropped, reported for logging only. */
  invalid: [raw: string];
  close: [info: CloseInfo];
};

export interface ConnectionOptions {
  url: string;
  /** Defaults to the global `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Interval of the `idle` keepalive; defaults to 30 s. */
  keepaliveMs?: number;
}

// `WebSocket.CONNECTING` / `.OPEN`, spelled out so a fake constructor need not carry the statics.
const CONNECTING = 0;
const OPEN = 1;
/** RFC 6455 §7.4.1: reserved for "closed without a close frame"; we report it when none came. */
const ABNORMAL_CLOSURE = 1006;

const DEFAULT_KEEPALIVE_MS = 30_000;

/**
 * One websocket to the portal speaking `v1.evennia.com` (SPEC §6): JSON text frames
 * `[cmdname, args[], kwargs{}]`. Framework-free; the UI listens through `on()`.
 *
 * Reconnecting is the caller's decision (`connect()` again after a close); a later slice adds
 * automatic retries behind the same `reconnecting` status.
 */
export class Connection {
  private readonly events = new Emitter<ConnectionEvents>();
  private readonly url: string;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly keepaliveMs: number;
  private ws: WebSocket | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private currentStatus: ConnectionStatus = ConnectionStatus.Disconnected;
  private attempts = 0;

  constructor(options: ConnectionOptions) {
    this.url = options.url;
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.keepaliveMs = options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** The live socket, if any. Exposed for the end-to-end test hook only (SPEC §8). */
  get socket(): WebSocket | undefined {
    return this.ws;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: (...args: ConnectionEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Opens a socket unless one is already open or opening. */
  connect(): void {
    if (this.ws !== undefined && (this.ws.readyState === CONNECTING || this.ws.readyState === OPEN)) return;
    // The first attempt is plain "disconnected" until it opens; any later one is a reconnect.
    if (this.attempts++ > 0) this.setStatus(ConnectionStatus.Reconnecting);
    let ws: WebSocket;
    try {
      ws = new this.WebSocketImpl(this.url, [Subprotocol.EvenniaV1]);
    } catch {
      // A bad URL or a blocked port throws synchronously (WHATWG WebSockets §3.1).
      this.ws = undefined;
      this.handleClosed({ code: ABNORMAL_CLOSURE, reason: 'could not open the websocket', wasClean: false });
      return;
    }
    this.ws = ws;
    // Events of a socket we have since replaced are ignored: only `this.ws` drives our state.
    ws.addEventListener('open', () => {
      if (this.ws !== ws) return;
      this.startKeepalive();
      this.setStatus(ConnectionStatus.Connected);
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (this.ws !== ws) return;
      this.handleMessage(event.data);
    });
    // `error` is always followed by `close` (WHATWG WebSockets), so `close` alone settles state.
    ws.addEventListener('close', (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.handleClosed({ code: event.code, reason: event.reason, wasClean: event.wasClean });
    });
  }

  /** Sends one frame; returns false (and sends nothing) when the socket is not open. */
  send(frame: InboundFrame): boolean {
    const ws = this.ws;
    if (ws === undefined || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  /** Closes the socket cleanly; the `close` event then reports `disconnected`. */
  close(code = 1000, reason = ''): void {
    this.ws?.close(code, reason);
  }

  /** Closes the socket and drops every listener. */
  dispose(): void {
    const ws = this.ws;
    this.ws = undefined;
    this.stopKeepalive();
    ws?.close(1000, '');
    this.events.clear();
  }

  private handleMessage(data: unknown): void {
    // v1.evennia.com carries JSON text frames only; binary belongs to other subprotocols.
    if (typeof data !== 'string') {
      this.events.emit('invalid', '[binary frame]');
      return;
    }
    const frame = decodeOutbound(data);
    if (frame === null) this.events.emit('invalid', data);
    else this.events.emit('frame', frame);
  }

  private handleClosed(info: CloseInfo): void {
    this.stopKeepalive();
    this.events.emit('close', info);
    this.setStatus(ConnectionStatus.Disconnected);
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
