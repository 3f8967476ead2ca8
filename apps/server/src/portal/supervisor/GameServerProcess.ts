/**
 * Starts game server processes for the portal. Each start is a fresh process, so it runs the
 * game code as it is on disk now (docs/architecture.md#restarting-the-game-server `reload`). During a reload two exist for a moment: the
 * old one draining, the new one booting beside it.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { logIncident } from '../../incidents.js';
import { portalLinkFromChild } from '../../link/IpcLink.js';
import type { PortalLink } from '../../link/Link.js';
import type { Logger } from '../../logger.js';
import { ENGINE_ENV, ENGINE_NODE_FLAGS } from '../../util/engineProcess.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running game server, as the portal sees it. */
export interface GameServerChild {
  readonly link: PortalLink;
  readonly pid: number | undefined;
  /** Settles when the process has ended, however it ended. */
  readonly exited: Promise<ExitInfo>;
  kill(signal?: NodeJS.Signals): void;
}

export interface GameServerLauncher {
  launch(): GameServerChild;
}

/**
 * Compiled (`npm start`, the test kit: this file is `apps/server/dist/…/GameServerProcess.js`,
 * scripts/build-server.mjs) the game server is the dist tree's, run by plain node; from the
 * sources (Vitest, tsx) it is the sources', run through tsx as this process is.
 */
const COMPILED = import.meta.url.endsWith('.js');
const SERVER_ENTRY = fileURLToPath(new URL(`../../server/main.${COMPILED ? 'js' : 'ts'}`, import.meta.url));

export class GameServerProcessLauncher implements GameServerLauncher {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {}

  launch(): GameServerChild {
    // Either way a fresh process sees edited game code: tsx runs it from the sources, and the
    // compiled game server compiles the game module as it boots (server/gameModule.ts).
    const child = fork(SERVER_ENTRY, [], {
      env: { ...ENGINE_ENV, ...this.env },
      execArgv: [...ENGINE_NODE_FLAGS, ...(COMPILED ? [] : ['--import', import.meta.resolve('tsx')])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    child.on('error', (err) => logIncident(this.logger, 'server-process-error', { err }));
    const exited = new Promise<ExitInfo>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return {
      link: portalLinkFromChild(child, this.logger),
      pid: child.pid,
      exited,
      kill: (signal = 'SIGKILL') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  }
}
