/**
 * The game as a cluster (docs/cluster.md#roles), the bench's second game under test: a private
 * nats-server with JetStream, the game-server host (`MUD_ROLE=server`, which forks the game
 * server) and two portals (`MUD_ROLE=portal`), each a real process started by the test kit's
 * `ClusterProcess`, with the same settings and game module as the one-machine target. The
 * generators' sessions alternate between the portals, as behind a round-robin load balancer, so
 * a room of ten holds players of both and a `say` crosses from one portal to the other.
 */
import { ClusterProcess } from '@mud/server/testing';
import { type GameTarget, gameEnv, rssByRole } from './targets.js';

export class ClusterTarget implements GameTarget {
  readonly kind = 'cluster';
  readonly roles: readonly string[];
  readonly preloaded: ReadonlySet<string>;

  private constructor(readonly cluster: ClusterProcess) {
    const portals = cluster.portals.map((_, i) => `portal-${i + 1}`);
    // The order of pids(): the portals, the host, its game server, then nats-server.
    this.roles = [...portals, 'host', 'server', 'nats-server'];
    this.preloaded = new Set([...portals, 'host', 'server']);
  }

  static async start(extraEnv: Record<string, string> = {}, portals = 2): Promise<ClusterTarget> {
    return new ClusterTarget(await ClusterProcess.start({ portals, env: gameEnv(extraEnv) }));
  }

  private portal(id: number) {
    const portals = this.cluster.portals;
    const portal = portals[id % portals.length];
    if (!portal) throw new Error('the cluster has no portal');
    return portal;
  }

  get wsUrl(): string {
    return this.portal(0).wsUrl;
  }

  wsUrlFor(id: number): string {
    return this.portal(id).wsUrl;
  }

  get telnetUrl(): string | undefined {
    try {
      return `telnet://127.0.0.1:${this.portal(0).portOf('telnet')}`;
    } catch {
      return undefined;
    }
  }

  /** The host's game server, from its `/health` (waits while a reload or a restart is under way). */
  serverPid(): Promise<number> {
    return this.cluster.host.gamePid();
  }

  async pids(): Promise<number[]> {
    return [
      ...this.cluster.portals.map((p) => p.child.pid ?? 0),
      this.cluster.host.pid,
      await this.serverPid(),
      this.cluster.nats.pid,
    ];
  }

  rss(): Promise<{ total: number; parts: Record<string, number> }> {
    return rssByRole(this);
  }

  log(): string {
    return this.cluster.log();
  }

  get dataDir(): string {
    return this.cluster.host.dataDir;
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
  }
}
