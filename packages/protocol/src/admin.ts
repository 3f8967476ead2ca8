/**
 * The admin view's frames (docs/protocol.md#admin-frames, issue 16): what the `/admin` page asks
 * of the game server over the player's own websocket, and what it is sent back. Authorisation is
 * the game server's, against the account the session is logged in as: there is no cookie or
 * token, so a forged page or another site has nothing to present.
 *
 * Every admin frame is `["admin", [action or kind], kwargs]`: one frame name, so the clients'
 * schema check keeps a closed set of names, and each action a tuple of its own.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Limits } from './limits.js';

const NoKwargs = Type.Object({}, { additionalProperties: false });

// ---- inbound: the admin page -> the game server ------------------------------------------------

/** Start (or restart, with a fresh snapshot) the live feed for this session. */
export const AdminSubscribeIn = Type.Tuple([Type.Literal('admin'), Type.Tuple([Type.Literal('subscribe')]), NoKwargs]);
/** Stop the feed. */
export const AdminUnsubscribeIn = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('unsubscribe')]),
  NoKwargs,
]);
/** End one session; the player is shown `reason`. */
export const AdminBootIn = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('boot')]),
  Type.Object(
    {
      sessid: Type.Integer({ minimum: 1 }),
      reason: Type.String({ maxLength: Limits.admin.reasonLength }),
    },
    { additionalProperties: false },
  ),
]);
/** A message to every connected session. */
export const AdminAnnounceIn = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('announce')]),
  Type.Object(
    { text: Type.String({ minLength: 1, maxLength: Limits.admin.announceLength }) },
    { additionalProperties: false },
  ),
]);
/** `reload` or `reset`, as the commands do. */
export const AdminRestartIn = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('restart')]),
  Type.Object({ kind: Type.Union([Type.Literal('reload'), Type.Literal('reset')]) }, { additionalProperties: false }),
]);
export const AdminIn = Type.Union([AdminSubscribeIn, AdminUnsubscribeIn, AdminBootIn, AdminAnnounceIn, AdminRestartIn]);
export type AdminIn = Static<typeof AdminIn>;
export type AdminAction = AdminIn[1][0];

// ---- outbound: the game server (or, while none serves, the portal) -> the admin page -----------

/** The game server's state as the portal's supervisor sees it (`/health`'s `server`). */
export const ServerStateSchema = Type.Union([Type.Literal('up'), Type.Literal('reloading'), Type.Literal('down')]);
export type ServerStateName = Static<typeof ServerStateSchema>;

/** One row of the live sessions table. */
export const AdminSessionRow = Type.Object({
  sessid: Type.Integer({ minimum: 1 }),
  account: Type.Union([Type.String(), Type.Null()]),
  puppet: Type.Union([Type.String(), Type.Null()]),
  protocol: Type.String(),
  address: Type.String(),
  /** The id of the portal the connection is on (`MUD_PORTAL_ID`, `local` on one machine). */
  portal: Type.String(),
  /** Epoch ms. */
  connTime: Type.Number(),
  /** Epoch ms of the last typed input. */
  cmdLastVisible: Type.Number(),
  cmdTotal: Type.Integer({ minimum: 0 }),
});
export type AdminSessionRow = Static<typeof AdminSessionRow>;

/**
 * One sample of the game's health, taken by a portal every couple of seconds: what it sees
 * (sessions, commands a second, the game server's state) and the memory of both processes.
 */
export const HealthSample = Type.Object({
  at: Type.Number(),
  portal: Type.String(),
  state: ServerStateSchema,
  sessions: Type.Integer({ minimum: 0 }),
  /** Command lines (and logins) a second since the previous sample. */
  commandsPerSecond: Type.Number({ minimum: 0 }),
  /** Resident set sizes in bytes; the game server's null while none reports. */
  portalRss: Type.Number(),
  serverRss: Type.Union([Type.Number(), Type.Null()]),
});
export type HealthSample = Static<typeof HealthSample>;

/** A start of a game server: why, when, and how long the players waited for it. */
export const RestartRecord = Type.Object({
  at: Type.Number(),
  kind: Type.Union([Type.Literal('first'), Type.Literal('reload'), Type.Literal('reset'), Type.Literal('crash')]),
  /** Who asked (reload, reset); null for a first start or a crash. */
  by: Type.Union([Type.String(), Type.Null()]),
  /** From the request (or the crash) until the new game server served. */
  ms: Type.Union([Type.Number(), Type.Null()]),
});
export type RestartRecord = Static<typeof RestartRecord>;

/** One recent incident (apps/server/src/incidents.ts) or admin action, with what is known of who. */
export const IncidentRecord = Type.Object({
  /** Unique within the game (`<source>:<n>`): a later copy with the same id replaces it. */
  id: Type.String({ maxLength: 100 }),
  /** The last time it happened. */
  at: Type.Number(),
  /** How many times it happened from the same address within a minute, folded into this one. */
  count: Type.Integer({ minimum: 1 }),
  /** The catalogue name: `login-throttled`, `frame-refused`, `server-crashed`, `admin-action`… */
  name: Type.String({ maxLength: 64 }),
  /** The process that logged it: a portal's id, or `server`. */
  source: Type.String({ maxLength: 64 }),
  message: Type.String({ maxLength: 300 }),
  sessid: Type.Union([Type.Integer(), Type.Null()]),
  address: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  account: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
});
export type IncidentRecord = Static<typeof IncidentRecord>;

/** A process's memory, in bytes. */
export const ProcessMemory = Type.Object({
  rss: Type.Number(),
  heapUsed: Type.Number(),
});
export type ProcessMemory = Static<typeof ProcessMemory>;

/** The processes of the game now: the game server and each portal that reports. */
export const AdminHealth = Type.Object({
  state: ServerStateSchema,
  /** Epoch ms this game server started serving (its uptime's start). */
  upSince: Type.Number(),
  server: Type.Object({ pid: Type.Integer(), memory: ProcessMemory }),
  portals: Type.Array(
    Type.Object({ id: Type.String(), pid: Type.Integer(), startedAt: Type.Number(), memory: ProcessMemory }),
  ),
  restarts: Type.Array(RestartRecord),
});
export type AdminHealth = Static<typeof AdminHealth>;

/** Everything the page shows, sent on `subscribe` and to a watcher after a restart. */
export const AdminSnapshotOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('snapshot')]),
  Type.Object({
    /** The watcher's account, as the page greets it. */
    account: Type.String(),
    sessions: Type.Array(AdminSessionRow),
    health: AdminHealth,
    history: Type.Array(HealthSample),
    incidents: Type.Array(IncidentRecord),
  }),
]);
/** Sessions that came, changed (login, puppet, commands) or went since the last frame. */
export const AdminSessionsOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('sessions')]),
  Type.Object({ upsert: Type.Array(AdminSessionRow), remove: Type.Array(Type.Integer({ minimum: 1 })) }),
]);
/** The processes now, and the health samples taken since the last frame. */
export const AdminHealthOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('health')]),
  Type.Object({ health: AdminHealth, samples: Type.Array(HealthSample) }),
]);
/** Incidents logged since the last frame. */
export const AdminIncidentsOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('incidents')]),
  Type.Object({ incidents: Type.Array(IncidentRecord) }),
]);
/**
 * The game server's state changed: sent by the portal itself, which alone can speak while no
 * game server serves, to the sessions the game server marked as watchers (their sync data's
 * `adminFeed`).
 */
export const AdminStateOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('state')]),
  Type.Object({ state: ServerStateSchema, at: Type.Number() }),
]);
/** The answer to an action: done, or why not. */
export const AdminDoneOut = Type.Tuple([
  Type.Literal('admin'),
  Type.Tuple([Type.Literal('done')]),
  Type.Object({
    action: Type.Union([Type.Literal('boot'), Type.Literal('announce'), Type.Literal('restart')]),
    ok: Type.Boolean(),
    message: Type.String(),
  }),
]);
export const AdminOut = Type.Union([
  AdminSnapshotOut,
  AdminSessionsOut,
  AdminHealthOut,
  AdminIncidentsOut,
  AdminStateOut,
  AdminDoneOut,
]);
export type AdminOut = Static<typeof AdminOut>;
export type AdminSnapshot = Static<typeof AdminSnapshotOut>[2];

/** Helpers that build well-typed admin frames. */
export const adminOut = {
  snapshot: (snapshot: AdminSnapshot): AdminOut => ['admin', ['snapshot'], snapshot],
  sessions: (upsert: AdminSessionRow[], remove: number[]): AdminOut => ['admin', ['sessions'], { upsert, remove }],
  health: (health: AdminHealth, samples: HealthSample[]): AdminOut => ['admin', ['health'], { health, samples }],
  incidents: (incidents: IncidentRecord[]): AdminOut => ['admin', ['incidents'], { incidents }],
  state: (state: ServerStateName, at: number): AdminOut => ['admin', ['state'], { state, at }],
  done: (action: 'boot' | 'announce' | 'restart', ok: boolean, message: string): AdminOut => [
    'admin',
    ['done'],
    { action, ok, message },
  ],
};
