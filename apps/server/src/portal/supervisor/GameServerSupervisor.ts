/**
 * What the portal needs of "the game server", whatever runs it: on one machine a forked child
 * process (`ProcessSupervisor`); in a cluster, a game-server host reached over another link. The
 * portal's sessions, admission and resume never see which.
 *
 * The supervisor owns the game server's life: start, `reload` / `reset` with the new server
 * booted beside the old one, restart with backoff after a crash, shutdown
 * (docs/architecture.md#restarting-the-game-server). It knows nothing of sessions: when a
 * game server is ready to serve it asks the portal for the hand-over, and it passes the
 * messages about sessions on.
 */
import type {
  OutboundFrame,
  PortalToServer,
  RestartKind,
  ServerToPortal,
  SessionSyncData,
  StartKind,
} from '@mud/protocol';

/** What `/health` reports: a restart reads `reloading` from its request to its hand-over's end. */
export type ServerState = 'up' | 'reloading' | 'down';

/** Messages from the game server about sessions and requests: the portal's to handle. */
export type ServerEvent = Exclude<ServerToPortal, { t: 'ready' | 'stopping' | 'stopped' }>;

/** A session another portal held, now to be carried here (docs/cluster.md#resume-on-any-portal). */
export interface Adopted {
  readonly session: SessionSyncData;
  /** Its latest `session` / `charmenu` frames. */
  readonly state: readonly OutboundFrame[];
}

/** What a new game server is given, in this order, before it serves. */
export interface HandOver {
  /** Sessions the previous game server knew: restored without login messages. */
  readonly restore: readonly SessionSyncData[];
  /** Messages to send right after `hello`: connects of new sessions, then held input. */
  readonly afterHello: readonly PortalToServer[];
}

export interface SupervisorEvents {
  /** A game server is ready: what it must be handed (called once per start). */
  handOver(kind: StartKind): HandOver;
  /** A game server drained for a restart: its sessions' final state. */
  drained(sessions: readonly SessionSyncData[]): void;
  /** A message from the serving game server about sessions or requests. */
  message(event: ServerEvent): void;
  /** A notice (colour markup) for every player: a crash, a failed reload. */
  notice(markup: string): void;
  /** The session now lives on another portal: forget it here without ending it (a cluster). */
  moved?(sessid: number): void;
}

export interface GameServerSupervisor {
  /** For `/health`. */
  readonly state: ServerState;
  /** True while input may go straight to the game server; otherwise the portal holds it. */
  readonly accepting: boolean;
  /** The serving game server's pid, where there is a local one. */
  readonly pid: number | undefined;
  /** Starts the first game server. */
  start(events: SupervisorEvents): void;
  /** Sends to the serving game server; dropped when none is serving. */
  send(message: PortalToServer): void;
  /** `reload` / `reset`: a fresh game server takes over; settles when the restart is over. */
  restart(kind: RestartKind, by: string): Promise<void>;
  /** Lets the game server save and stop; settles once it has exited. */
  shutdown(): Promise<void>;
  /** A cluster's: takes over a session another portal held; undefined when there is none. */
  adopt?(sessid: number): Promise<Adopted | undefined>;
}
