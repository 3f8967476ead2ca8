/**
 * An in-memory link pair for tests. Messages are structured-cloned and delivered on a later
 * microtask, like a real process boundary: no shared objects, no synchronous re-entry.
 */
import type { PortalToServer, ServerToPortal } from '@mud/protocol';
import type { LinkEnd, PortalLink, ServerLink } from './Link.js';

class MemoryEnd<Out, In> implements LinkEnd<Out, In> {
  peer: MemoryEnd<In, Out> | undefined;
  private readonly listeners: ((message: In) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  send(message: Out): void {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed) return;
    const copy = structuredClone(message);
    queueMicrotask(() => peer.deliver(copy));
  }
  private deliver(message: In): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener(message);
  }
  onMessage(listener: (message: In) => void): void {
    this.listeners.push(listener);
  }
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }
  /** Delivery is synchronous: nothing is ever in flight. */
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l();
    this.peer?.close();
  }
}

export function createMemoryLinkPair(): { portal: PortalLink; server: ServerLink } {
  const portal = new MemoryEnd<PortalToServer, ServerToPortal>();
  const server = new MemoryEnd<ServerToPortal, PortalToServer>();
  portal.peer = server;
  server.peer = portal;
  return { portal, server };
}
