/**
 * The link over Node's IPC channel between the portal and the game server it forked.
 * Everything received is checked against the protocol schema: a message that does not fit is a
 * logged incident, never a crash.
 */
import type { ChildProcess } from 'node:child_process';
import { isPortalToServer, isServerToPortal, type PortalToServer, type ServerToPortal } from '@mud/protocol';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import type { PortalLink, ServerLink } from './Link.js';

interface IpcChannel {
  send?:
    | ((message: unknown, sendHandle?: undefined, options?: object, callback?: (err: Error | null) => void) => boolean)
    | undefined;
  connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  disconnect?: () => void;
}

class IpcEnd<Out, In> {
  private readonly listeners: ((message: In) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;
  /** Messages handed to the channel whose write has not completed yet. */
  private pending = 0;
  private readonly drained: (() => void)[] = [];

  constructor(
    private readonly channel: IpcChannel,
    private readonly check: (value: unknown) => value is In,
    private readonly logger: Logger,
  ) {
    channel.on('message', (message) => {
      if (!this.check(message)) {
        logIncident(this.logger, 'link-invalid-message');
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
    channel.on('disconnect', () => this.markClosed());
  }

  send(message: Out): void {
    if (this.closed || !this.channel.connected || !this.channel.send) return;
    try {
      this.pending++;
      this.channel.send(message, undefined, {}, (err) => {
        if (err && !this.closed) logIncident(this.logger, 'link-send-failed', { err });
        this.sent();
      });
    } catch (err) {
      this.sent();
      logIncident(this.logger, 'link-send-failed', { err });
    }
  }

  private sent(): void {
    this.pending--;
    if (this.pending === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /**
   * Settles once every message sent so far has been written to the channel. A process must wait
   * for it before it exits: a large message (the `stopping` hand-over of 1,000 sessions) is
   * written over several turns of the event loop, and `process.exit` would cut it off.
   */
  flush(): Promise<void> {
    if (this.pending === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }
  onMessage(listener: (message: In) => void): void {
    this.listeners.push(listener);
  }
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }
  close(): void {
    if (this.channel.connected) this.channel.disconnect?.();
    this.markClosed();
  }
  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const resolve of this.drained.splice(0)) resolve();
    for (const l of this.closeListeners) l();
  }
}

/** The portal's end, over the IPC channel of a forked game server. */
export function portalLinkFromChild(child: ChildProcess, logger: Logger): PortalLink {
  return new IpcEnd<PortalToServer, ServerToPortal>(child as unknown as IpcChannel, isServerToPortal, logger);
}

/** The game server's end, over its own process's IPC channel. */
export function serverLinkFromProcess(proc: NodeJS.Process, logger: Logger): ServerLink {
  if (!proc.send) throw new Error('the game server must be started by the portal (no IPC channel)');
  return new IpcEnd<ServerToPortal, PortalToServer>(proc as unknown as IpcChannel, isPortalToServer, logger);
}
