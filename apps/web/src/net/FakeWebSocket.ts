/**
 * Test double for the browser `WebSocket`: records what the client sends and lets a test play
 * the portal's side. Node 20 has no global `WebSocket`, and these tests must run without a DOM.
 */
import type { WebSocketConstructor } from './Connection.js';

type Handler = (event: unknown) => void;

export class FakeWebSocket {
  static readonly instances: FakeWebSocket[] = [];

  readyState = 0;
  protocol = '';
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeWebSocket.instances.push(this);
  }

  static reset(): void {
    FakeWebSocket.instances.length = 0;
  }

  static latest(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1);
    if (ws === undefined) throw new Error('no FakeWebSocket was created');
    return ws;
  }

  /** The constructor, typed as the real one, to inject into `Connection`. */
  static get ctor(): WebSocketConstructor {
    return FakeWebSocket as unknown as WebSocketConstructor;
  }

  addEventListener(type: string, handler: Handler): void {
    let set = this.handlers.get(type);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
  }

  removeEventListener(type: string, handler: Handler): void {
    this.handlers.get(type)?.delete(handler);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: socket not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  /** Sent frames, parsed back from JSON. */
  sentFrames(): unknown[] {
    return this.sent.map((raw) => JSON.parse(raw) as unknown);
  }

  // --- the portal's side ----------------------------------------------------------------------

  serverOpen(protocol = 'v1.evennia.com'): void {
    this.readyState = 1;
    this.protocol = protocol;
    this.dispatch('open', {});
  }

  serverMessage(data: unknown): void {
    this.dispatch('message', {
      data: typeof data === 'string' || data instanceof ArrayBuffer ? data : JSON.stringify(data),
    });
  }

  serverClose(code = 1000, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.dispatch('close', { code, reason, wasClean });
  }

  private dispatch(type: string, event: unknown): void {
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }
}
