/**
 * A whole cluster on one machine for a test (docs/cluster.md#roles): a private NATS server with
 * JetStream, one game-server host (`MUD_ROLE=server`) and any number of portals
 * (`MUD_ROLE=portal`), each a real process with its own data directory. Portals are
 * `GameProcess`es, so every player helper works on them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GameProcess, type PortalRun, spawnPortal } from './GameProcess.js';
import { NatsServer } from './NatsServer.js';

export interface ClusterOptions {
  portals?: number;
  /** Settings of every process. */
  env?: Record<string, string>;
}

export interface HostHealth {
  role: 'server';
  server: string;
  serverPid: number | null;
  sessions: number;
  portals: { portal: string; sessions: number; silentMs: number }[];
}

/** The game-server host's process. */
export class HostProcess {
  private earlier = '';

  private constructor(
    private run: PortalRun,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<HostProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'mud-host-'));
    return new HostProcess(await HostProcess.spawn(dataDir, env), dataDir, env);
  }

  private static spawn(dataDir: string, env: Record<string, string>): Promise<PortalRun> {
    return spawnPortal(dataDir, { ...env, MUD_ROLE: 'server' }, 'portal', /HOST_LISTENING (\d+)/);
  }

  /** The host process's pid (its game server's is in `/health`). */
  get pid(): number {
    return this.run.child.pid ?? 0;
  }

  async health(): Promise<HostHealth> {
    const res = await fetch(`http://127.0.0.1:${this.run.port}/health`);
    return (await res.json()) as HostHealth;
  }

  /** Polls `/health` until `check` holds. */
  async waitFor(check: (health: HostHealth) => boolean, what: string, timeoutMs = 30_000): Promise<HostHealth> {
    const until = Date.now() + timeoutMs;
    let last: HostHealth | undefined;
    for (;;) {
      try {
        last = await this.health();
        if (check(last)) return last;
      } catch {
        // restarting
      }
      if (Date.now() > until) throw new Error(`host never had ${what}; last /health: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The game server's pid while it serves. */
  async gamePid(): Promise<number> {
    const health = await this.waitFor((h) => h.server === 'up' && h.serverPid !== null, 'a serving game server');
    return health.serverPid as number;
  }

  log(): string {
    return this.earlier + this.run.output();
  }

  /** Kills the host (`SIGKILL` takes its game server with it: no IPC channel, no game) or stops it. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.run.child.exitCode === null) this.run.child.kill(signal);
    await this.run.exited;
  }

  /** Starts the host again with the same data directory and settings. */
  async start(): Promise<void> {
    this.earlier = this.log();
    this.run = await HostProcess.spawn(this.dataDir, this.env);
  }
}

export class ClusterProcess {
  private constructor(
    readonly nats: NatsServer,
    readonly host: HostProcess,
    readonly portals: GameProcess[],
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<ClusterProcess> {
    const nats = await NatsServer.start();
    const env = { ...options.env, MUD_NATS_URL: nats.url };
    const host = await HostProcess.start(env);
    const portals = await Promise.all(
      Array.from({ length: options.portals ?? 2 }, (_, i) => ClusterProcess.portal(env, i + 1)),
    );
    return new ClusterProcess(nats, host, portals, env);
  }

  private static portal(env: Record<string, string>, n: number): Promise<GameProcess> {
    return GameProcess.start({ env: { ...env, MUD_ROLE: 'portal', MUD_PORTAL_ID: `portal-${n}` } });
  }

  /** Every process's output, for a failing test's message. */
  log(): string {
    return [`--- host\n${this.host.log()}`, ...this.portals.map((p, i) => `--- portal ${i + 1}\n${p.log()}`)].join(
      '\n',
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.portals.map((portal) => portal.stop('SIGKILL')));
    await this.host.stop('SIGTERM');
    await this.nats.stop();
  }
}
