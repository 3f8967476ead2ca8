/**
 * Starts the real game — portal process, which forks the real game server — on an ephemeral port
 * with a fresh data directory, as integration tests need it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_ENV, ENGINE_NODE_FLAGS } from '../util/engineProcess.js';

const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The compiled portal, as `npm start` runs it (scripts/build-server.mjs). */
const PORTAL_ENTRY = join(SERVER_ROOT, 'dist/portal/main.js');

let built: Promise<void> | undefined;

/**
 * Compiles the engine when its sources changed since the last build, once per test process (a
 * directory walk when nothing changed; `npm test` builds before the suites start, and concurrent
 * builds wait for each other). In a child process: the build script is plain Node ESM outside
 * this package.
 */
function buildServer(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [join(REPO_ROOT, 'scripts/build-server.mjs')], (err, _stdout, stderr) =>
      err ? reject(new Error(`the server build failed: ${stderr || err.message}`)) : resolve(),
    );
  });
  return built;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (to test persistence across restarts). */
  dataDir?: string;
  /**
   * `portal` (the default) runs the compiled portal process directly (building it first when its
   * sources changed); `npm start` runs the script an
   * operator runs (`scripts/start.mjs`: set-up checks, then the portal), on a set-up checkout.
   */
  command?: 'portal' | 'npm start';
}

/** The setting that names each protocol's port, so a restart binds the same ones. */
const PORT_SETTINGS: Record<string, string> = {
  telnet: 'MUD_TELNET_PORT',
  telnetTls: 'MUD_TELNET_TLS_PORT',
  ssh: 'MUD_SSH_PORT',
};

/** One run of the portal process: a `GameProcess` has one at a time (a new one per `restart()`). */
export interface PortalRun {
  child: ChildProcess;
  port: number;
  /** Every port the portal bound, by protocol (`http`, `telnet`, `telnetTls`, `ssh`). */
  ports: Record<string, number>;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the process of any role and resolves once it prints the line `ready` matches (its port):
 * `PORTAL_LISTENING` for a portal, `HOST_LISTENING` for a cluster's game-server host.
 */
export async function spawnPortal(
  dataDir: string,
  env: Record<string, string>,
  command: StartOptions['command'] = 'portal',
  ready = /PORTAL_LISTENING (\d+)/,
): Promise<PortalRun> {
  const npmStart = command === 'npm start';
  // `npm start` builds for itself, as it does for an operator.
  if (!npmStart) await buildServer();
  // The portal runs as `npm start` runs it: with the engine's node flags and environment.
  const args = npmStart ? [join(REPO_ROOT, 'scripts/start.mjs')] : [...ENGINE_NODE_FLAGS, PORTAL_ENTRY];
  const child = spawn(process.execPath, args, {
    cwd: npmStart ? REPO_ROOT : SERVER_ROOT,
    env: {
      ...ENGINE_ENV,
      ...process.env,
      MUD_PORT: '0',
      MUD_HOST: '127.0.0.1',
      MUD_DATA_DIR: dataDir,
      MUD_LOG_LEVEL: 'warn',
      // Any free port, so that games started side by side never fight over telnet's 4000.
      MUD_TELNET_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  // 'close', not 'exit': every byte the processes wrote to their output has been read by then.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start:\n${output}`)), 30_000);
    const onData = () => {
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code}:\n${output}`));
    });
  });
  // A test runner that dies must not leave games running behind it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.removeListener('exit', killChild));
  const ports = JSON.parse(/PORTAL_PORTS (\{.*\})/.exec(output)?.[1] ?? '{}') as Record<string, number>;
  return { child, port, ports, output: () => output, exited };
}

export class GameProcess {
  /** Output of the runs before a `restart()`, so `log()` keeps telling the whole story. */
  private earlier = '';

  private constructor(
    private run: PortalRun,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly command: StartOptions['command'],
  ) {}

  static async start(options: StartOptions = {}): Promise<GameProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mud-test-'));
    const env = options.env ?? {};
    const run = await spawnPortal(dataDir, env, options.command);
    const game = new GameProcess(run, dataDir, env, options.command);
    await game.waitForServer('up');
    return game;
  }

  /** The current portal process. */
  get child(): ChildProcess {
    return this.run.child;
  }

  get port(): number {
    return this.run.port;
  }

  /** The port the portal bound for `protocol` (`telnet`, `telnetTls`, `ssh`); throws when it has none. */
  portOf(protocol: string): number {
    const port = this.run.ports[protocol];
    if (port === undefined)
      throw new Error(`the portal has no ${protocol} port (ports: ${JSON.stringify(this.run.ports)})`);
    return port;
  }

  /** Everything the portal and game server wrote, across restarts. */
  log(): string {
    return this.earlier + this.run.output();
  }

  /**
   * Stops the portal (SIGTERM: clients get 1001, docs/settings.md#signals) and starts a new one on the same port
   * with the same data directory and settings — an operator restarting the game. Resolves once
   * the new game server is up.
   */
  async restart(): Promise<void> {
    await this.stop();
    this.earlier = this.log();
    const same = Object.fromEntries(
      Object.entries(this.run.ports).flatMap(([name, port]) => {
        const env = PORT_SETTINGS[name];
        return env && this.env[env] !== 'off' ? [[env, String(port)]] : [];
      }),
    );
    this.run = await spawnPortal(this.dataDir, { ...this.env, ...same, MUD_PORT: String(this.port) }, this.command);
    await this.waitForServer('up');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async health(): Promise<{ status: string; server: string; sessions: number }> {
    const res = await fetch(`${this.url}/health`);
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('application/json')) {
      throw new Error(`/health answered ${res.status} ${res.headers.get('content-type')}`);
    }
    return (await res.json()) as { status: string; server: string; sessions: number };
  }

  async waitForServer(state: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        if ((await this.health()).server === state) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`game server never reached "${state}":\n${this.log()}`);
  }

  /**
   * The pid in `<which>.pid` of a live process. Waits for it: a game server writes the file when
   * it starts serving, and a killed one leaves a stale file until its successor overwrites it.
   */
  async pid(which: 'portal' | 'server', timeoutMs = 30_000): Promise<number> {
    const file = join(this.dataDir, `${which}.pid`);
    const until = Date.now() + timeoutMs;
    for (;;) {
      let pid: number | undefined;
      try {
        pid = Number(readFileSync(file, 'utf8').trim());
        // Never `kill(0)`: that would signal this test's own process group.
        if (!Number.isInteger(pid) || pid <= 0) throw new Error('not a pid');
        process.kill(pid, 0);
        return pid;
      } catch (err) {
        if (Date.now() > until) throw new Error(`no live ${which} pid in ${file} (last read: ${pid}): ${String(err)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }

  /** SIGTERM and wait; returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.run.exited;
  }

  exited(): Promise<number | null> {
    return this.run.exited;
  }
}
