/**
 * The link over Node's IPC channel between the portal and the game server it forked
 * (docs/protocol.md#the-link).
 *
 * - What one end sends within one turn of its event loop crosses the channel as ONE IPC message:
 *   queued in order and written on `setImmediate` (the same turn's check phase, so no added
 *   latency), as the message itself when it is alone, as an array otherwise. Per IPC message Node
 *   pays a write, a read and a parse; 1,000 players' input in one turn pays them once.
 * - A message that is itself a turn's batch (the game server's `output`) is written at once with
 *   whatever is queued before it: waiting for another `setImmediate` from inside the output
 *   batcher's would cost a whole turn.
 * - What arrives is checked against the envelope of the protocol's messages (known `t`, sessid and
 *   the arrays its receiver reads), not the whole schema: both ends are our own processes, and
 *   player input was checked where it entered the portal. A message that does not fit, and a
 *   listener that throws, is a logged incident: the rest of the batch is still delivered.
 */
import type { ChildProcess } from 'node:child_process';
import {
  isPortalToServerEnvelope,
  isServerToPortalEnvelope,
  type PortalToServer,
  type ServerToPortal,
} from '@mud/protocol';
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

interface IpcEndOptions<Out> {
  /** Messages written at once (with what is queued before them) instead of at the turn's end. */
  atOnce?: (message: Out) => boolean;
}

class IpcEnd<Out extends { t: string }, In extends { t: string }> {
  private readonly listeners: ((message: In) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;
  /** Messages sent this turn, not yet handed to the channel. */
  private queue: Out[] = [];
  private scheduled = false;
  /** IPC messages handed to the channel whose write has not completed yet. */
  private pending = 0;
  private readonly drained: (() => void)[] = [];

  constructor(
    private readonly channel: IpcChannel,
    private readonly check: (value: unknown) => value is In,
    private readonly logger: Logger,
    private readonly options: IpcEndOptions<Out> = {},
  ) {
    channel.on('message', (message) => {
      if (Array.isArray(message)) for (const one of message) this.deliver(one);
      else this.deliver(message);
    });
    channel.on('disconnect', () => this.markClosed());
  }

  private deliver(message: unknown): void {
    if (!this.check(message)) {
      const t = (message as { t?: unknown } | null)?.t;
      logIncident(this.logger, 'link-invalid-message', { t: typeof t === 'string' ? t.slice(0, 40) : undefined });
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (err) {
        logIncident(this.logger, 'link-handler-failed', { err, t: message.t });
      }
    }
  }

  send(message: Out): void {
    if (this.closed || !this.channel.connected || !this.channel.send) return;
    this.queue.push(message);
    if (this.options.atOnce?.(message)) {
      this.write();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.write();
      });
    }
  }

  /** Hands the queue to the channel as one IPC message. */
  private write(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    if (this.closed || !this.channel.connected || !this.channel.send) return;
    try {
      this.pending++;
      this.channel.send(queue.length === 1 ? queue[0] : queue, undefined, {}, (err) => {
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
   * Writes what is queued now, then settles once every message sent so far has been written to
   * the channel. A process must wait for it before it exits: a large message (the `stopping`
   * hand-over of 1,000 sessions) is written over several turns of the event loop, and
   * `process.exit` would cut it off.
   */
  flush(): Promise<void> {
    this.write();
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
    // What was sent before closing goes first, as it would have without the turn's queue.
    this.write();
    if (this.channel.connected) this.channel.disconnect?.();
    this.markClosed();
  }
  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    for (const resolve of this.drained.splice(0)) resolve();
    for (const l of this.closeListeners) l();
  }
}

/** The portal's end, over the IPC channel of a forked game server. */
export function portalLinkFromChild(child: ChildProcess, logger: Logger): PortalLink {
  return new IpcEnd<PortalToServer, ServerToPortal>(child as unknown as IpcChannel, isServerToPortalEnvelope, logger);
}

/** The game server's end, over its own process's IPC channel. */
export function serverLinkFromProcess(proc: NodeJS.Process, logger: Logger): ServerLink {
  if (!proc.send) throw new Error('the game server must be started by the portal (no IPC channel)');
  return new IpcEnd<ServerToPortal, PortalToServer>(proc as unknown as IpcChannel, isPortalToServerEnvelope, logger, {
    // The output batcher and the handled inputs already waited for the turn's end
    // (OutputBatcher.flush, HandledInputs.flush).
    atOnce: (message) => message.t === 'output' || message.t === 'handled',
  });
}
