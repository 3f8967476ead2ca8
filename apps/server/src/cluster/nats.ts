/**
 * The NATS names the cluster uses and the one way both tiers connect
 * (docs/cluster.md#the-link-over-nats). Every stream and bucket is created by whichever process
 * comes first, with the same settings, so the start order of portals and host does not matter.
 */
import { type JetStreamManager, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';

export const INPUT_STREAM = 'MUD_INPUT';
/** The host's durable consumer of the input stream. */
export const INPUT_CONSUMER = 'game-server';
export const Subjects = {
  /** A portal's input: `mud.in.<portal id>`. */
  input: (portal: string) => `mud.in.${portal}`,
  inputAll: 'mud.in.>',
  /** The host's output for one portal. */
  output: (portal: string) => `mud.out.${portal}`,
  /** The host's notices for every portal. */
  broadcast: 'mud.all',
  status: 'mud.status',
  /** Portals' reports for the admin view. */
  report: 'mud.portal.report',
  /** A portal's request to have its output sent again (docs/cluster.md#output). */
  replay: 'mud.replay',
  beat: 'mud.portal.beat',
} as const;
export const Buckets = {
  /** Every session's sync data, by sessid (docs/cluster.md#sessions). */
  sessions: 'mud_sessions',
  /** Resume tokens' hashes, so a token works on any portal. */
  resume: 'mud_resume',
  /** Counters the cluster shares: the sessid blocks. */
  cluster: 'mud_cluster',
} as const;

/** A connection that keeps trying, through the first connect and every outage. */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url,
    name,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // A dead server is noticed within seconds, not the default two minutes.
    pingInterval: 2000,
    maxPingOut: 2,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        logger.info({ nats: status.type, server: status.server }, `nats ${status.type}`);
      }
    }
  })();
  return nc;
}

/** The input stream and the buckets, created if missing. */
export async function ensureCluster(nc: NatsConnection): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(INPUT_STREAM);
  } catch {
    await jsm.streams
      .add({
        name: INPUT_STREAM,
        subjects: [Subjects.inputAll],
        // On disk: a NATS restart keeps held input. Kept a day at most; acknowledged input is
        // not needed again but kept for the record until then (limits retention).
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: 24 * 3600 * 1_000_000_000,
        // Publishes retried after an outage carry their id: a copy within this window is dropped.
        duplicate_window: 120 * 1_000_000_000,
      })
      .catch(async (err: unknown) => {
        // Another process created it in between.
        await jsm.streams.info(INPUT_STREAM).catch(() => Promise.reject(err));
      });
  }
  const kvm = new Kvm(nc);
  for (const bucket of Object.values(Buckets)) await kvm.create(bucket, { storage: StorageType.File, history: 1 });
  return jsm;
}

export function encode(value: unknown): string {
  return JSON.stringify(value);
}
