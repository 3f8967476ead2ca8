/**
 * What makes a portal a cluster portal (`MUD_ROLE=portal`, docs/cluster.md#roles): the game
 * server is the host over NATS, sessids come from the cluster's blocks, resume tokens are shared.
 * Everything else about the portal is the one-machine portal.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isPortalBeat } from '@mud/protocol';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Settings } from '../config.js';
import { SettingsError } from '../config.js';
import type { Logger } from '../logger.js';
import { ClusterResumeTokens } from './ClusterResumeTokens.js';
import { NatsSupervisor } from './NatsSupervisor.js';
import { Buckets, connectNats, ensureCluster, Subjects } from './nats.js';
import { SessidBlocks } from './SessidBlocks.js';

/** `<host name>-<port>`, or `-<pid>` when the port is picked at start (0). */
export function defaultPortalId(port: number): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 40);
  return `${host}-${port === 0 ? process.pid : port}`;
}

export async function clusterPortal(settings: Settings, logger: Logger, sessions: () => number) {
  const portalId = settings.portalId ?? defaultPortalId(settings.port);
  const instance = randomBytes(6).toString('hex');
  const url = settings.natsUrl ?? '';
  logger.info({ nats: url, portal: portalId }, 'connecting to the cluster');
  const nc = await connectNats(url, `portal ${portalId}`, logger);
  await ensureCluster(nc);
  await refuseIdInUse(nc, portalId);
  const kvm = new Kvm(nc);
  const blocks = await SessidBlocks.open(await kvm.open(Buckets.cluster));
  return {
    portalId,
    supervisor: new NatsSupervisor({ nc, js: jetstream(nc), portal: portalId, instance, logger, sessions }),
    resumeTokens: new ClusterResumeTokens(await kvm.open(Buckets.resume), logger),
    allocate: () => blocks.take(),
  };
}

/** How long a starting portal listens for another portal beating with its id. */
const ID_CHECK_MS = 1500;

/**
 * Two portals with one id would each receive the other's output: the second to start refuses to,
 * with a clear message, once it has heard the first beat.
 */
async function refuseIdInUse(nc: NatsConnection, portalId: string): Promise<void> {
  let inUse = false;
  const sub = nc.subscribe(Subjects.beat, {
    callback: (err, msg) => {
      if (err) return;
      const beat = msg.json<unknown>();
      if (isPortalBeat(beat) && beat.portal === portalId && !beat.bye) inUse = true;
    },
  });
  await new Promise((resolve) => setTimeout(resolve, ID_CHECK_MS));
  sub.unsubscribe();
  if (inUse) {
    await nc.close();
    throw new SettingsError(`MUD_PORTAL_ID ${portalId} is in use by another running portal; give each portal its own`);
  }
}
