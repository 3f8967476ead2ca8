/**
 * The portal <-> game server link (docs/protocol.md#the-link). Versioned, so a portal never talks to a game server
 * built against another shape of these messages. The schemas below describe every message; on
 * receipt each end checks only its envelope (`isPortalToServerEnvelope`, `isServerToPortalEnvelope`):
 * both ends are our own processes, and player input was checked against the frame schemas where it
 * entered (the portal's decoders). A bug on one side still becomes a logged incident, not a crash.
 */
import { type Static, Type } from '@sinclair/typebox';
import { HealthSample, IncidentRecord, ProcessMemory, RestartRecord } from './admin.js';
import { lazyChecker } from './check.js';
import { GameInputFrame, OutboundFrame } from './frames.js';
import { Limits } from './limits.js';

// 4: `input` carries `GameInputFrame` (no `resume`); `text` and `idle` kwargs are bounded.
// 5: `revoke-resume`. 6: `stats`. 7: sync data may carry the session's cmdset keys, their state
// and its pending question. 8: telnet and SSH protocol keys. 9: the admin view: input may be an
// `admin` frame, output an `admin` frame, sync data may carry `adminFeed`; the portal's `report`,
// the game server's `health`. 10: `input.id` and `handled`, for a link that acknowledges input
// once it is handled (the cluster's JetStream stream).
// 11: the messages of one turn of the event loop may travel as one array; ends check envelopes.
export const LINK_VERSION = 11;

export const ProtocolKey = Type.Union([
  Type.Literal('websocket'),
  Type.Literal('telnet'),
  Type.Literal('telnet/tls'),
  Type.Literal('ssh'),
]);
export type ProtocolKey = Static<typeof ProtocolKey>;

const SyncLimits = Limits.syncData;

/** Flat JSON a session keeps across a reload: a question's data, a menu's state. */
export const SavedData = Type.Record(
  Type.String({ maxLength: SyncLimits.keyLength }),
  Type.Union([Type.String({ maxLength: SyncLimits.questionValueLength }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: SyncLimits.questionDataKeys },
);
export type SavedData = Static<typeof SavedData>;

/**
 * A question waiting for a session's next line, in a form that survives a reload: the key of a
 * registered answer handler and flat JSON data for it (e.g. `chardelete-confirm`, `{ characterId }`).
 */
export const SavedQuestion = Type.Object({
  key: Type.String({ minLength: 1, maxLength: SyncLimits.keyLength }),
  data: SavedData,
});
export type SavedQuestion = Static<typeof SavedQuestion>;
export const isSavedQuestion = lazyChecker(SavedQuestion);

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
  /**
   * Keys of the session's own cmdsets (Evennia stores cmdset paths): a restarted game server
   * rebuilds the ones it knows by key, so a session half-way through a menu stays in it.
   */
  cmdsets: Type.Optional(
    Type.Array(Type.String({ maxLength: SyncLimits.keyLength }), { maxItems: SyncLimits.cmdsets }),
  ),
  /**
   * The state those cmdsets keep (`CmdSet.state`, by key): a creation menu's draft survives with
   * the menu.
   */
  cmdsetState: Type.Optional(
    Type.Record(Type.String({ maxLength: SyncLimits.keyLength }), SavedData, { maxProperties: SyncLimits.cmdsets }),
  ),
  /** The question the session's next line answers, if it was asked in the saved form. */
  question: Type.Optional(SavedQuestion),
  /**
   * The session watches the admin view (docs/protocol.md#admin-frames): the portal sends it the
   * game server's state while none serves, and a restarted game server, having checked the
   * account's permission again, carries the feed on.
   */
  adminFeed: Type.Optional(Type.Literal(true)),
});
export type SessionSyncData = Static<typeof SessionSyncData>;

/** A new connection's sync data: not logged in, no commands yet. */
export function initialSyncData(
  sessid: number,
  address: string,
  protocolKey: ProtocolKey,
  connTime: number,
): SessionSyncData {
  return {
    sessid,
    address,
    protocolKey,
    connTime,
    loggedIn: false,
    accountId: null,
    puppetId: null,
    cmdLast: connTime,
    cmdLastVisible: connTime,
    cmdTotal: 0,
    protocolFlags: {},
  };
}

// Portal -> server ------------------------------------------------------------------------------

/** Why a game server is starting: decides its start hooks (Evennia's at_server_*_start). */
export const StartKind = Type.Union([
  Type.Literal('first'),
  Type.Literal('reload'),
  Type.Literal('reset'),
  Type.Literal('crash'),
]);
export type StartKind = Static<typeof StartKind>;
export const RestartKind = Type.Union([Type.Literal('reload'), Type.Literal('reset')]);
export type RestartKind = Static<typeof RestartKind>;

/** JSON a game keeps across a reload (not a reset): its own state, handed from server to server. */
export const Carry = Type.Record(Type.String(), Type.Unknown());
export type Carry = Static<typeof Carry>;

export const PortalHello = Type.Object({
  t: Type.Literal('hello'),
  version: Type.Integer(),
  kind: StartKind,
  /** Sessions that already exist on the portal (empty on a first start). */
  sessions: Type.Array(SessionSyncData),
  carry: Carry,
});
export const PortalConnect = Type.Object({
  t: Type.Literal('connect'),
  session: SessionSyncData,
});
/** A player's input for the game server: never a `resume`, which ends at the portal. */
export const PortalInput = Type.Object({
  t: Type.Literal('input'),
  sessid: Type.Integer({ minimum: 1 }),
  frame: GameInputFrame,
  /**
   * Set by a sender that must know when the input has been handled (the cluster's game-server
   * host acknowledges its stream message then, docs/cluster.md#input): the server answers with
   * `handled`. Absent on one machine.
   */
  id: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const PortalDisconnect = Type.Object({
  t: Type.Literal('disconnect'),
  sessid: Type.Integer({ minimum: 1 }),
  reason: Type.String(),
});
/** The portal is stopping: the server flushes its state, answers `stopped` and exits. */
export const PortalShutdown = Type.Object({ t: Type.Literal('shutdown') });
/**
 * The portal holds all input from now on: the server finishes what it received, saves its
 * sessions in `stopping` and exits, for a restart of `kind`.
 */
export const PortalDrain = Type.Object({ t: Type.Literal('drain'), kind: RestartKind });

/**
 * What only a portal knows, for the admin view (docs/protocol.md#portal-to-game-server): sent every
 * couple of seconds, and right after `hello` with everything the portal keeps. `samples` and
 * `incidents` are those since the previous report to this game server; `restarts` all it keeps.
 */
/**
 * Sessids come in blocks of this many: a cluster's portal takes blocks of its own
 * (docs/cluster.md#sessions); one machine's sessids are all in block 0.
 */
export const SESSID_BLOCK = 2 ** 20;

export const PortalReport = Type.Object({
  t: Type.Literal('report'),
  /** `MUD_PORTAL_ID`, `local` on one machine. */
  portalId: Type.String({ maxLength: 64 }),
  pid: Type.Integer(),
  startedAt: Type.Number(),
  memory: ProcessMemory,
  samples: Type.Array(HealthSample, { maxItems: 1000 }),
  restarts: Type.Array(RestartRecord, { maxItems: 100 }),
  incidents: Type.Array(IncidentRecord, { maxItems: 1000 }),
  /**
   * Which sessions the portal holds, for the sessions table's portal column: the sessid blocks it
   * took, and the sessions from other blocks it carries (resumed from another portal).
   */
  blocks: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 1000 })),
  adopted: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100_000 })),
});
export type PortalReport = Static<typeof PortalReport>;

export const PortalToServer = Type.Union([
  PortalHello,
  PortalConnect,
  PortalInput,
  PortalDisconnect,
  PortalShutdown,
  PortalDrain,
  PortalReport,
]);
export type PortalToServer = Static<typeof PortalToServer>;

// Server -> portal ------------------------------------------------------------------------------

/** The game server has booted and is ready for `hello`. */
export const ServerReady = Type.Object({ t: Type.Literal('ready'), version: Type.Integer(), pid: Type.Integer() });
/** The same frames for one or more sessions (a `say` reaches a room with one entry). */
export const OutputBatch = Type.Object({
  sessids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
  frames: Type.Array(OutboundFrame),
  /**
   * Other players' room chatter (`say`, `pose`, arrivals): the portal may drop it for a reader
   * that lags, rather than let a flood fill the reader's output buffer and end its session
   * (issue 14). Optional and absent on everything else, so older portals and servers still agree:
   * no version bump.
   */
  chatter: Type.Optional(Type.Literal(true)),
});
export type OutputBatch = Static<typeof OutputBatch>;
/**
 * Everything the game server said in one turn of its event loop, in one message: crossing the
 * process boundary once per turn, not once per session, is what keeps a fan-out cheap.
 */
export const ServerOutput = Type.Object({
  t: Type.Literal('output'),
  batches: Type.Array(OutputBatch),
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
/** A superuser asked for a restart of the game server (`reload`, `reset`). */
export const ServerRequestRestart = Type.Object({
  t: Type.Literal('request-restart'),
  kind: RestartKind,
  by: Type.String(),
});
/** Answer to `drain`: every session's state and the game's carry; the process exits next. */
export const ServerStopping = Type.Object({
  t: Type.Literal('stopping'),
  kind: RestartKind,
  sessions: Type.Array(SessionSyncData),
  carry: Carry,
});
/**
 * These sessions may no longer be resumed (an account's other sessions after its password
 * changed, issue 14): their resume tokens stop working, and one that is waiting for a resume
 * ends now.
 */
export const ServerRevokeResume = Type.Object({
  t: Type.Literal('revoke-resume'),
  sessids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000 }),
});
/**
 * Sessions' command statistics, at most a second old: so a game server that dies is restarted
 * with them (docs/sessions.md#session-properties), without a whole sync per command.
 */
export const ServerStats = Type.Object({
  t: Type.Literal('stats'),
  stats: Type.Array(
    Type.Object({
      sessid: Type.Integer({ minimum: 1 }),
      cmdLast: Type.Number(),
      cmdLastVisible: Type.Number(),
      cmdTotal: Type.Integer({ minimum: 0 }),
    }),
  ),
});
/** Inputs carrying an `id` whose handling has finished (or that had no session), per turn. */
export const ServerHandled = Type.Object({
  t: Type.Literal('handled'),
  ids: Type.Array(Type.Integer({ minimum: 1 })),
});
/** The game server's memory, every couple of seconds: the portal's health samples carry it. */
export const ServerHealth = Type.Object({ t: Type.Literal('health'), memory: ProcessMemory });
/** Answer to `shutdown`: state is flushed, the process is about to exit. */
export const ServerStopped = Type.Object({ t: Type.Literal('stopped') });

export const ServerToPortal = Type.Union([
  ServerReady,
  ServerOutput,
  ServerDisconnect,
  ServerSync,
  ServerRequestShutdown,
  ServerRequestRestart,
  ServerRevokeResume,
  ServerStats,
  ServerHandled,
  ServerHealth,
  ServerStopping,
  ServerStopped,
]);
export type ServerToPortal = Static<typeof ServerToPortal>;

export const isPortalToServer = lazyChecker(PortalToServer);
export const isServerToPortal = lazyChecker(ServerToPortal);

// Envelope checks ---------------------------------------------------------------------------------

type Fields = Record<string, unknown>;
const isSessid = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const hasSession = (m: Fields): boolean => isObject(m.session) && isSessid(m.session.sessid);
const isRestartKind = (value: unknown): boolean => value === 'reload' || value === 'reset';

/**
 * Per message type, what its receiver reads before anything else: the known `t`, the sessid that
 * picks a session, the arrays it iterates. Not the whole schema (the portal's decoders checked the
 * player's frames where they entered); cheap enough to run on every message of every turn. Keyed
 * by every `t` of the union, so a new message cannot be forgotten here.
 */
const PORTAL_TO_SERVER: { [K in PortalToServer['t']]: (m: Fields) => boolean } = {
  hello: (m) => Number.isInteger(m.version) && Array.isArray(m.sessions) && isObject(m.carry),
  connect: hasSession,
  input: (m) => isSessid(m.sessid) && Array.isArray(m.frame) && typeof m.frame[0] === 'string',
  disconnect: (m) => isSessid(m.sessid),
  shutdown: () => true,
  drain: (m) => isRestartKind(m.kind),
  report: (m) => Array.isArray(m.samples) && Array.isArray(m.restarts) && Array.isArray(m.incidents),
};

const SERVER_TO_PORTAL: { [K in ServerToPortal['t']]: (m: Fields) => boolean } = {
  ready: (m) => Number.isInteger(m.version) && Number.isInteger(m.pid),
  output: (m) => Array.isArray(m.batches),
  disconnect: (m) => isSessid(m.sessid),
  sync: hasSession,
  'request-shutdown': () => true,
  'request-restart': (m) => isRestartKind(m.kind),
  'revoke-resume': (m) => Array.isArray(m.sessids),
  stats: (m) => Array.isArray(m.stats),
  handled: (m) => Array.isArray(m.ids),
  health: (m) => isObject(m.memory),
  stopping: (m) => isRestartKind(m.kind) && Array.isArray(m.sessions) && isObject(m.carry),
  stopped: () => true,
};

function envelopeChecker<T>(shapes: Record<string, (m: Fields) => boolean>): (value: unknown) => value is T {
  return (value: unknown): value is T => {
    if (!isObject(value) || typeof value.t !== 'string' || !Object.hasOwn(shapes, value.t)) return false;
    return (shapes[value.t] as (m: Fields) => boolean)(value);
  };
}

/** A message from the portal, as far as the game server relies on it (see `PORTAL_TO_SERVER`). */
export const isPortalToServerEnvelope = envelopeChecker<PortalToServer>(PORTAL_TO_SERVER);
/** A message from the game server, as far as the portal relies on it. */
export const isServerToPortalEnvelope = envelopeChecker<ServerToPortal>(SERVER_TO_PORTAL);
