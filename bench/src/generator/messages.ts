/**
 * The IPC contract between the bench driver and its load-generator processes. Sessions are named
 * by a global numeric id; the driver's `GeneratorPool` splits every request by the worker that
 * holds each id and merges the answers.
 *
 * Both ends are this package's own code in processes it forked, so messages are plain typed
 * objects without a schema check (Node's IPC channel already frames and parses them).
 */

/** The server a session talks to: the real game, or the bare echo server. */
export type Flavor = 'project' | 'baseline';

/**
 * A command a load session types. The generator turns it into a line and knows which answer
 * ends it: `look` (the room), `lookme` (`look me`, a small answer), `say` (a unique token).
 */
export type CommandKind = 'look' | 'lookme' | 'say';

export interface OpenRequest {
  t: 'open';
  /** `ws://…/ws`, or `telnet://host:port` for a raw telnet connection. */
  url: string;
  flavor: Flavor;
  ids: number[];
  /** Handshakes in flight at once. */
  concurrency: number;
  timeoutMs: number;
}

export interface AuthRequest {
  t: 'auth';
  /** `create` a new account, or `connect` to an existing one. */
  verb: 'create' | 'connect';
  ids: number[];
  names: string[];
  password: string;
  /** Logins in flight at once (the login storm sends them all together). */
  concurrency: number;
  timeoutMs: number;
  /** After logging in, each session moves to its room (see `MoveRequest`): rooms of this many. */
  roomSize?: number;
}

/**
 * Sends `+room <name>` for each session and waits for its answer (the game: `You are now in
 * room-<name>.`; the baseline echoes the line and groups the connection for `say`).
 */
export interface MoveRequest {
  t: 'move';
  ids: number[];
  /** One per id. */
  rooms: string[];
  concurrency: number;
  timeoutMs: number;
}

export interface MoveResult {
  ok: number;
  failed: number;
  errors: string[];
}

/** The room a session lives in when the bench spreads them: ten to a room, by id. */
export function homeRoom(id: number, roomSize: number): string {
  return String(Math.floor(id / roomSize));
}

export interface LoadRequest {
  t: 'load';
  ids: number[];
  /** Commands per second each session sends (open loop: on schedule, answered or not). */
  ratePerSession: number;
  durationMs: number;
  /** Each session cycles through this list. */
  mix: CommandKind[];
  /** After the last send, how long to wait for outstanding answers. */
  drainMs: number;
  /** Stop sending early when this many commands are unanswered across the worker (a saturated server)... */
  maxOutstanding: number;
  /** ...or when a command has waited this long for its answer. */
  abortAfterMs: number;
  /** Return each sample's send time too (the reload scenario needs it). */
  records: boolean;
  /** Do not start before this epoch time (ms): lets several workers start together. */
  startAt: number;
  /** A name for `stop`, which ends the sending early (then the drain runs as usual). */
  tag?: string;
}

export interface StopRequest {
  t: 'stop';
  tag: string;
}

export interface ProbeRequest {
  t: 'probe';
  ids: number[];
  kind: CommandKind;
  /** Sends are spread evenly over this window. */
  spreadMs: number;
  timeoutMs: number;
}

export interface ArmRequest {
  t: 'arm';
  ids: number[];
  /** Text every armed session waits for; its arrival time is recorded. */
  needle: string;
}

export interface CollectRequest {
  t: 'collect';
  needle: string;
  timeoutMs: number;
}

export interface SendRequest {
  t: 'send';
  id: number;
  line: string;
}

export interface CloseRequest {
  t: 'close';
  ids: number[];
}

/**
 * Character creation and puppeting under load: each session, one step after another, `rounds`
 * times, types `charcreate <name>` (done at "Created new character") and then `ic <name>` (done
 * when its `session` frame names the new puppet); every step is timed.
 */
export interface ChargenRequest {
  t: 'chargen';
  ids: number[];
  /** The name of round `k` of session `id`: `${prefix}${id}x${k}` must be a valid, unused name. */
  names: string[][];
  timeoutMs: number;
}

export interface ChargenResult {
  charcreate: number[];
  ic: number[];
  failed: number;
  errors: string[];
}

export interface StatsRequest {
  t: 'stats';
}

export interface QuietRequest {
  t: 'quiet';
  /** Resolves once nothing has arrived for this long... */
  quietMs: number;
  /** ...or after this long in any case. */
  timeoutMs: number;
}

export type WorkerRequest =
  | OpenRequest
  | AuthRequest
  | MoveRequest
  | LoadRequest
  | ProbeRequest
  | ArmRequest
  | CollectRequest
  | SendRequest
  | CloseRequest
  | ChargenRequest
  | StatsRequest
  | QuietRequest
  | StopRequest;

export interface OpenResult {
  opened: number;
  failed: number;
  errors: string[];
  ms: number;
}

export interface AuthResult {
  ok: number;
  failed: number;
  errors: string[];
  /** Per successful login: ms from its send to its puppet being settled. */
  latencies: number[];
  /** Epoch ms of the first send and the last completion. */
  firstSentAt: number;
  lastDoneAt: number;
}

export interface LoadResult {
  sent: number;
  answered: number;
  /** Still unanswered when the drain window ended. */
  unanswered: number;
  latencies: number[];
  /** [epoch ms sent, latency ms] per answered command, when `records` was asked. */
  records: [number, number][];
  /** Stopped sending early because `maxOutstanding` or `abortAfterMs` was reached. */
  aborted: boolean;
  /** How late the generator itself sent, behind schedule (ms): its own overload shows here. */
  scheduleLagP99: number;
  scheduleLagMax: number;
  /** Frames that arrived at the load sessions meanwhile (answers plus everything else). */
  framesReceived: number;
}

export interface ProbeResult {
  sent: number;
  answered: number;
  latencies: number[];
}

export interface CollectResult {
  armed: number;
  received: number;
  /** Epoch ms of the first and last arrival. */
  first: number | null;
  last: number | null;
}

export interface SendResult {
  /** Epoch ms the line was handed to the socket. */
  sentAt: number;
}

export interface StatsResult {
  open: number;
  /** Sessions closed by the other side (not by a `close` request). */
  closedByPeer: number;
  closeCodes: Record<string, number>;
  framesReceived: number;
  bytesReceived: number;
}

export interface QuietResult {
  waitedMs: number;
  quiet: boolean;
}

export type WorkerResult =
  | OpenResult
  | AuthResult
  | MoveResult
  | LoadResult
  | ProbeResult
  | CollectResult
  | SendResult
  | ChargenResult
  | StatsResult
  | QuietResult
  | Record<string, never>;

export type ToWorker = { id: number; request: WorkerRequest };
export type FromWorker =
  | { id: number; ok: true; result: WorkerResult }
  | { id: number; ok: false; error: string }
  | { id: 0; ready: true; pid: number };
