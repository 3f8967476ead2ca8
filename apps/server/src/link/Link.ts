/**
 * The portal <-> game server link (docs/architecture.md#the-link): one interface, an IPC implementation between the two
 * real processes and an in-memory one for tests. Messages are the typed unions of
 * `@mud/protocol`; the IPC implementation checks the envelope of what it receives.
 */
import type { PortalToServer, ServerToPortal } from '@mud/protocol';

export interface LinkEnd<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  /** Called once when the other side goes away. */
  onClose(listener: () => void): void;
  close(): void;
  /** Settles once everything sent so far has left this process (or the link closed). */
  flush(): Promise<void>;
}

/** The portal's end: sends to the server, receives from it. */
export type PortalLink = LinkEnd<PortalToServer, ServerToPortal>;
/** The game server's end. */
export type ServerLink = LinkEnd<ServerToPortal, PortalToServer>;
