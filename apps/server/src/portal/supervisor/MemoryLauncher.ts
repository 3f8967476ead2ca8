/**
 * The in-memory twin of `GameServerProcessLauncher`: each launch is a "process" whose link is an
 * in-memory pair (copied and deferred like a real process boundary, see `link/MemoryLink.ts`)
 * and whose exit the test decides. What runs behind the server end is up to `start`: a scripted
 * stand-in in the supervisor's tests, or a real `GameServer` on in-memory repositories.
 */

import type { PortalLink, ServerLink } from '../../link/Link.js';
import { createMemoryLinkPair } from '../../link/MemoryLink.js';
import { deferred } from '../../util/async.js';
import type { ExitInfo, GameServerChild, GameServerLauncher } from './GameServerProcess.js';

export class MemoryChild implements GameServerChild {
  readonly link: PortalLink;
  /** The game server's end of the link. */
  readonly server: ServerLink;
  private readonly exit = deferred<ExitInfo>();
  private gone = false;

  constructor(readonly pid: number) {
    const pair = createMemoryLinkPair();
    this.link = pair.portal;
    this.server = pair.server;
  }

  get exited(): Promise<ExitInfo> {
    return this.exit.promise;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** The process ends by itself (`process.exit(code)`) or by a signal. */
  end(info: ExitInfo = { code: 0, signal: null }): void {
    if (this.gone) return;
    this.gone = true;
    this.server.close();
    this.exit.resolve(info);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.end({ code: null, signal });
  }
}

export class MemoryLauncher implements GameServerLauncher {
  readonly children: MemoryChild[] = [];
  private nextPid = 1000;

  constructor(private readonly start: (child: MemoryChild) => void) {}

  launch(): MemoryChild {
    const child = new MemoryChild(this.nextPid++);
    this.children.push(child);
    this.start(child);
    return child;
  }
}
