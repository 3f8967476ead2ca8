/**
 * The game-server host's process (`MUD_ROLE=server`, docs/cluster.md#roles): NATS, the stored
 * sessions, the game server it forks and supervises, and a `/health` of its own.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import Fastify from 'fastify';
import type { Settings } from '../config.js';
import { logIncident } from '../incidents.js';
import { createLogger } from '../logger.js';
import { GameServerProcessLauncher } from '../portal/supervisor/GameServerProcess.js';
import { ProcessSupervisor } from '../portal/supervisor/ProcessSupervisor.js';
import { installHeapProbe } from '../util/heapProbe.js';
import { writePidFile } from '../util/pidFile.js';
import { GameHost } from './GameHost.js';
import { Buckets, connectNats, ensureCluster, INPUT_CONSUMER, INPUT_STREAM } from './nats.js';
import { SessionStore } from './SessionStore.js';

const SECOND_NS = 1_000_000_000;

export async function runHost(settings: Settings): Promise<void> {
  mkdirSync(settings.dataDir, { recursive: true });
  const logger = createLogger({
    name: 'host',
    level: settings.logLevel,
    dataDir: settings.dataDir,
    format: settings.logFormat,
  });
  const pidFile = join(settings.dataDir, 'host.pid');
  writePidFile(pidFile);
  installHeapProbe('host', settings.dataDir);
  process.stdout.on('error', () => {});

  logger.info({ nats: settings.natsUrl }, 'connecting to the cluster');
  const nc = await connectNats(settings.natsUrl ?? '', `host ${hostname()}`, logger);
  const jsm = await ensureCluster(nc);
  // The durable consumer starts again just after the last input acknowledged in order, so input
  // the previous host never finished comes first, in order (docs/cluster.md#input).
  const previous = await jsm.consumers.info(INPUT_STREAM, INPUT_CONSUMER).catch(() => undefined);
  if (previous) await jsm.consumers.delete(INPUT_STREAM, INPUT_CONSUMER);
  await jsm.consumers.add(INPUT_STREAM, {
    durable_name: INPUT_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    ack_wait: 30 * SECOND_NS,
    max_ack_pending: 20_000,
    ...(previous
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: previous.ack_floor.stream_seq + 1 }
      : { deliver_policy: DeliverPolicy.All }),
  });
  const js = jetstream(nc);
  const consumer = await js.consumers.get(INPUT_STREAM, INPUT_CONSUMER);
  const store = new SessionStore(await new Kvm(nc).open(Buckets.sessions), logger);
  await store.load();

  const launcher = new GameServerProcessLauncher({ ...process.env, MUD_DATA_DIR: settings.dataDir }, logger);
  const supervisor = new ProcessSupervisor({ launcher, logger });
  let exiting = false;
  const stop = async (why: string, shutdownPortals: boolean): Promise<void> => {
    if (exiting) return;
    exiting = true;
    logger.info({ why }, 'stopping');
    try {
      if (shutdownPortals) host.broadcast({ t: 'shutdown' });
      await host.stop();
      await supervisor.shutdown();
      await app.close();
      await nc.drain();
    } catch (err) {
      logIncident(logger, 'portal-shutdown-failed', { err });
    }
    rmSync(pidFile, { force: true });
    logger.info('host stopped');
    logger.flush();
    process.exit(0);
  };
  const host = new GameHost({
    nc,
    js,
    consumer,
    store,
    supervisor,
    logger,
    graceSeconds: settings.resumeGrace,
    onShutdown: (by) => void stop(`shutdown requested by ${by}`, true),
  });
  process.on('SIGTERM', () => void stop('SIGTERM', false));
  process.on('SIGINT', () => void stop('SIGINT', false));

  const app = Fastify({ logger: false });
  app.get('/health', async () => ({
    role: 'server',
    server: supervisor.state,
    serverPid: supervisor.pid ?? null,
    sessions: host.sessions,
    portals: host.portalList(),
    nats: nc.isClosed() ? 'closed' : 'connected',
  }));
  host.start();
  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  logger.info({ port }, 'host listening');
  process.stdout.write(`HOST_LISTENING ${port}\n`);
}
