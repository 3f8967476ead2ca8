/**
 * The cluster's messages over NATS (docs/cluster.md#the-link-over-nats): between any number of
 * portals and the one game-server host. They wrap the link's own messages (`link.ts`), which the
 * host passes to and from the game server it supervises unchanged. Versioned like the link, and
 * validated on receipt: a message from another build of the cluster is an incident, not a crash.
 */
import { type Static, Type } from '@sinclair/typebox';
import { lazyChecker } from './check.js';
import { OutboundFrame } from './frames.js';
import {
  PortalConnect,
  PortalDisconnect,
  PortalInput,
  PortalReport,
  ServerDisconnect,
  ServerHealth,
  ServerOutput,
  ServerRevokeResume,
  ServerStats,
  ServerSync,
  SessionSyncData,
} from './link.js';

export const CLUSTER_VERSION = 1;

/** A portal process: its configured id and this start of it. */
const PortalRef = {
  portal: Type.String({ minLength: 1, maxLength: 64 }),
  instance: Type.String({ minLength: 1, maxLength: 64 }),
};

/**
 * A portal takes over a session another portal held (a resume through it): the host moves the
 * session's output here and answers with `adopted` or `adopt-failed`.
 */
export const PortalAdopt = Type.Object({ t: Type.Literal('adopt'), sessid: Type.Integer({ minimum: 1 }) });

/** A message in the input stream: everything a portal tells the game, in the order it happened. */
export const ClusterInput = Type.Object({
  v: Type.Literal(CLUSTER_VERSION),
  ...PortalRef,
  m: Type.Union([PortalConnect, PortalInput, PortalDisconnect, PortalAdopt]),
});
export type ClusterInput = Static<typeof ClusterInput>;

/** The host's answer to `adopt`: the session's state, for the resumed connection's preface. */
export const HostAdopted = Type.Object({
  t: Type.Literal('adopted'),
  sessid: Type.Integer({ minimum: 1 }),
  session: SessionSyncData,
  state: Type.Array(OutboundFrame),
});
export const HostAdoptFailed = Type.Object({ t: Type.Literal('adopt-failed'), sessid: Type.Integer({ minimum: 1 }) });
/** The session now lives on another portal: drop it here without ending it. */
export const HostMoved = Type.Object({ t: Type.Literal('moved'), sessid: Type.Integer({ minimum: 1 }) });
/** A notice (colour markup) for every player: a crash, a failed reload. */
export const HostNotice = Type.Object({ t: Type.Literal('notice'), markup: Type.String() });
/** The game is stopping (`shutdown`): every portal closes its connections and exits. */
export const HostShutdown = Type.Object({ t: Type.Literal('shutdown') });

/**
 * What the host sends one portal (its own subject) or all of them (the broadcast subject). On a
 * portal's own subject each message carries the host's start (`host`) and a sequence (`seq`): a
 * portal that sees a gap, or has just reconnected, asks for a replay (`ReplayRequest`), so output
 * is neither lost nor doubled by a NATS outage (docs/cluster.md#output).
 */
export const HostToPortal = Type.Object({
  v: Type.Literal(CLUSTER_VERSION),
  host: Type.Optional(Type.String({ maxLength: 64 })),
  seq: Type.Optional(Type.Integer({ minimum: 1 })),
  m: Type.Union([
    ServerOutput,
    ServerDisconnect,
    ServerSync,
    ServerStats,
    ServerRevokeResume,
    ServerHealth,
    HostAdopted,
    HostAdoptFailed,
    HostMoved,
    HostNotice,
    HostShutdown,
  ]),
});
export type HostToPortal = Static<typeof HostToPortal>;
export type HostMessage = HostToPortal['m'];

/**
 * A portal's periodic report for the admin view (docs/architecture.md#the-admin-view), on core
 * NATS: only the latest matters, so none is held for a game server that is away.
 */
export const ClusterReport = Type.Object({ v: Type.Literal(CLUSTER_VERSION), ...PortalRef, m: PortalReport });
export type ClusterReport = Static<typeof ClusterReport>;

/** A portal asks the host to send its subject's messages again from `from` on. */
export const ReplayRequest = Type.Object({
  v: Type.Literal(CLUSTER_VERSION),
  portal: Type.String({ minLength: 1, maxLength: 64 }),
  host: Type.String({ maxLength: 64 }),
  from: Type.Integer({ minimum: 1 }),
});
export type ReplayRequest = Static<typeof ReplayRequest>;

/** The host's view of the game server, published every second and on every change. */
export const HostStatus = Type.Object({
  v: Type.Literal(CLUSTER_VERSION),
  /** This start of the host: a portal's replay requests name it. */
  host: Type.String({ maxLength: 64 }),
  state: Type.Union([Type.Literal('up'), Type.Literal('reloading'), Type.Literal('down')]),
  pid: Type.Union([Type.Integer(), Type.Null()]),
  sessions: Type.Integer({ minimum: 0 }),
});
export type HostStatus = Static<typeof HostStatus>;

/** A portal is alive (every second), or going away (`bye`: its sessions wait for a resume now). */
export const PortalBeat = Type.Object({
  v: Type.Literal(CLUSTER_VERSION),
  ...PortalRef,
  bye: Type.Optional(Type.Literal(true)),
  sessions: Type.Integer({ minimum: 0 }),
});
export type PortalBeat = Static<typeof PortalBeat>;

/** A session as the key-value bucket keeps it: where it lives and what a game server needs. */
export const StoredSession = Type.Object({
  ...PortalRef,
  session: SessionSyncData,
  /** The latest `session` / `charmenu` frames: a resume on another portal starts with them. */
  state: Type.Array(OutboundFrame),
  /** The input stream's sequence of the last input handled: a redelivery of it is not run again. */
  lastSeq: Type.Integer({ minimum: 0 }),
});
export type StoredSession = Static<typeof StoredSession>;

export const isClusterInput = lazyChecker(ClusterInput);
export const isHostToPortal = lazyChecker(HostToPortal);
export const isHostStatus = lazyChecker(HostStatus);
export const isPortalBeat = lazyChecker(PortalBeat);
export const isStoredSession = lazyChecker(StoredSession);
export const isReplayRequest = lazyChecker(ReplayRequest);
export const isClusterReport = lazyChecker(ClusterReport);
