/**
 * One game server process and what the supervisor is waiting to hear from it.
 */
import { LINK_VERSION, type ServerToPortal } from '@mud/protocol';
import { logIncident } from '../../incidents.js';
import type { Logger } from '../../logger.js';
import { deferred, within } from '../../util/async.js';
import type { ExitInfo, GameServerChild } from './GameServerProcess.js';

type Stopping = Extract<ServerToPortal, { t: 'stopping' }>;

export class TrackedServer {
  readonly ready = deferred();
  readonly stopping = deferred<Stopping>();
  readonly stopped = deferred();
  /** Its exit is expected (a reload, a reset, a shutdown): not a crash. */
  planned = false;
  exitInfo: ExitInfo | undefined;
  readonly startedAt = Date.now();

  constructor(
    readonly child: GameServerChild,
    logger: Logger,
    /** Every message that is not about the server's own life cycle. */
    onEvent: (from: TrackedServer, message: ServerToPortal) => void,
  ) {
    child.link.onMessage((message) => {
      switch (message.t) {
        case 'ready':
          if (message.version !== LINK_VERSION) {
            logIncident(logger, 'link-version-mismatch', { version: message.version, expected: LINK_VERSION }, 'fatal');
            child.kill();
            return;
          }
          this.ready.resolve();
          return;
        case 'stopping':
          this.stopping.resolve(message);
          return;
        case 'stopped':
          this.stopped.resolve();
          return;
        default:
          onEvent(this, message);
      }
    });
    void child.exited.then((info) => {
      this.exitInfo = info;
      this.stopped.resolve();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether it became ready, exited first, or neither within `ms` (undefined). */
  readyOrExit(ms: number): Promise<'ready' | 'exited' | undefined> {
    return within(
      Promise.race([this.ready.promise.then(() => 'ready' as const), this.child.exited.then(() => 'exited' as const)]),
      ms,
    );
  }

  /** Waits up to `ms` for the process to exit by itself, then kills it; settles once it is gone. */
  async stop(ms: number): Promise<void> {
    this.planned = true;
    if (!(await within(this.child.exited, ms))) this.child.kill();
    await this.child.exited;
  }

  kill(): void {
    this.planned = true;
    this.child.kill();
  }
}
