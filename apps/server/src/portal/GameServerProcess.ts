/**
 * Starts the game server as a child process and hands the portal a link to it. The portal owns
 * its lifetime: it can stop it and start a fresh one (which loads changed game code, SPEC §5).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { portalLinkFromChild } from '../link/IpcLink.js';
import type { PortalLink } from '../link/Link.js';
import type { Logger } from '../logger.js';

export interface GameServerHandle {
  /** Starts a game server; resolves the link once the process is forked (not yet ready). */
  start(): PortalLink;
  /** Called with the exit code when the game server process ends, expected or not. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Waits for the process to exit; kills it after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<void>;
  readonly pid: number | undefined;
}

const SERVER_ENTRY = fileURLToPath(new URL('../server/main.ts', import.meta.url));

export class GameServerProcess implements GameServerHandle {
  private child: ChildProcess | undefined;
  private readonly exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): PortalLink {
    // tsx runs the TypeScript sources directly, so a fresh process sees edited game code.
    const child = fork(SERVER_ENTRY, [], {
      env: this.env,
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const listener of this.exitListeners) listener(code, signal);
    });
    child.on('error', (err) => this.logger.error({ err }, 'game server process error'));
    return portalLinkFromChild(child, this.logger);
  }

  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  async waitForExit(timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn({ pid: child.pid }, 'game server did not exit in time; killing it');
        child.kill('SIGKILL');
      }, timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
