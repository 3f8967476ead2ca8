/**
 * The portal <-> game server link (SPEC §5). Versioned, so a portal never talks to a game server
 * built against another shape of these messages. Every message is validated on receipt: the link
 * crosses a process boundary, and a bug on one side must become a logged incident, not a crash.
 */
import { type Static, Type } from '@sinclair/typebox';
import { lazyChecker } from './check.js';
import { InboundFrame, OutboundFrame } from './frames.js';

export const LINK_VERSION = 1;

export const ProtocolKey = Type.Union([Type.Literal('websocket'), Type.Literal('telnet')]);
export type ProtocolKey = Static<typeof ProtocolKey>;

/**
 * What the portal knows about a connection, and what a game server needs to rebuild its server
 * session after a restart (Evennia's `get_sync_data()` / `load_sync_data()`).
 */
export const SessionSyncData = Type.Object({
  sessid: Type.Integer({ minimum: 1 }),
  address: Type.String(),
  protocolKey: ProtocolKey,
  /** Epoch milliseconds. */
  connTime: Type.Number(),
  loggedIn: Type.Boolean(),
  accountId: Type.Union([Type.Integer(), Type.Null()]),
  puppetId: Type.Union([Type.Integer(), Type.Null()]),
  cmdLast: Type.Number(),
  cmdLastVisible: Type.Number(),
  cmdTotal: Type.Integer({ minimum: 0 }),
  /** Client capabilities from `client_options`. */
  protocolFlags: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
});
export type SessionSyncData = Static<typeof SessionSyncData>;

// Portal -> server ------------------------------------------------------------------------------

export const PortalHello = Type.Object({
  t: Type.Literal('hello'),
  version: Type.Integer(),
  /** Sessions that already exist on the portal (empty on a first start). */
  sessions: Type.Array(SessionSyncData),
});
export const PortalConnect = Type.Object({
  t: Type.Literal('connect'),
  session: SessionSyncData,
});
export const PortalInput = Type.Object({
  t: Type.Literal('input'),
  sessid: Type.Integer({ minimum: 1 }),
  frame: InboundFrame,
});
export const PortalDisconnect = Type.Object({
  t: Type.Literal('disconnect'),
  sessid: Type.Integer({ minimum: 1 }),
  reason: Type.String(),
});
/** The portal is stopping: the server flushes its state, answers `stopped` and exits. */
export const PortalShutdown = Type.Object({ t: Type.Literal('shutdown') });

export const PortalToServer = Type.Union([PortalHello, PortalConnect, PortalInput, PortalDisconnect, PortalShutdown]);
export type PortalToServer = Static<typeof PortalToServer>;

// Server -> portal ------------------------------------------------------------------------------

/** The game server has booted and is ready for `hello`. */
export const ServerReady = Type.Object({ t: Type.Literal('ready'), version: Type.Integer(), pid: Type.Integer() });
export const ServerOutput = Type.Object({
  t: Type.Literal('output'),
  sessid: Type.Integer({ minimum: 1 }),
  frames: Type.Array(OutboundFrame),
});
/** The server ends a session: `quit`, a kick. The portal sends the reason and closes cleanly. */
export const ServerDisconnect = Type.Object({
  t: Type.Literal('disconnect'),
  sessid: Type.Integer({ minimum: 1 }),
  reason: Type.String(),
});
/** The server's view of a session changed (login, puppet): the portal keeps the latest copy. */
export const ServerSync = Type.Object({ t: Type.Literal('sync'), session: SessionSyncData });
/** A superuser asked for the whole game to stop (`shutdown`). */
export const ServerRequestShutdown = Type.Object({ t: Type.Literal('request-shutdown'), by: Type.String() });
/** Answer to `shutdown`: state is flushed, the process is about to exit. */
export const ServerStopped = Type.Object({ t: Type.Literal('stopped') });

export const ServerToPortal = Type.Union([
  ServerReady,
  ServerOutput,
  ServerDisconnect,
  ServerSync,
  ServerRequestShutdown,
  ServerStopped,
]);
export type ServerToPortal = Static<typeof ServerToPortal>;

export const isPortalToServer = lazyChecker(PortalToServer);
export const isServerToPortal = lazyChecker(ServerToPortal);
