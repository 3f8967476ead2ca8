/**
 * The protocol-neutral server session (Evennia's ServerSession, docs/sessions.md#session-properties): one per connection,
 * owned by the game server, rebuilt from the portal's sync data after a restart.
 * Game authors may subclass it (Evennia's SERVER_SESSION_CLASS) through the game definition.
 */
import { Limits, type OutboundFrame, type ProtocolKey, type SavedData, type SessionSyncData } from '@mud/protocol';
import { CmdSetHandler } from '../cmdsets/CmdSetHandler.js';
import type { ColourSupport } from '../text/markup.js';
import { screenWidth } from '../text/wrap.js';
import { hasOob, type MsgKwargs, type MsgOptions, oobFrames } from './MsgKwargs.js';
import { TextFrames } from './TextFrames.js';
import type { SessionAccount, SessionHandlerView, SessionPuppet } from './types.js';

/**
 * Where a session's output goes: the game server batches it onto the link. `chatter` marks
 * other players' room chatter, which the portal may drop for a reader that lags (issue 14).
 */
export type OutputSink = (sessid: number, frame: OutboundFrame, chatter: boolean) => void;

export type { MsgKwargs, MsgOptions } from './MsgKwargs.js';

/**
 * `A` and `P` are the game's account and character classes; the session layer itself needs only
 * their shapes (`session/types.ts`), so it imports neither (issue 11). Game code sees the full
 * types through `GameSession` (`commands/GameSession.ts`).
 */
export class ServerSession<A extends SessionAccount = SessionAccount, P extends SessionPuppet = SessionPuppet> {
  readonly sessid: number;
  readonly address: string;
  readonly protocolKey: ProtocolKey;
  /** Epoch ms when the connection was established. */
  readonly connTime: number;
  loggedIn = false;
  /** The logged-in account. Set through the session handler, which indexes it. */
  account: A | undefined;
  /** The puppeted character, if any. Set through the session handler, which indexes it. */
  puppet: P | undefined = undefined;
  /** Epoch ms of the last input of any kind, keepalives included. */
  cmdLast: number;
  /** Epoch ms of the last input a player typed (keepalives excluded). */
  cmdLastVisible: number;
  /** Commands typed in this session. */
  cmdTotal = 0;
  /** Non-persistent attributes; lost on reload, like Evennia's `ndb`. */
  readonly ndb: Record<string, unknown> = {};
  /** This session's own cmdsets (the session level of the merge stack). */
  readonly cmdsets = new CmdSetHandler();
  /** Client capabilities from `client_options`. */
  protocolFlags: Record<string, string | number | boolean> = {};
  /**
   * The session watches the admin view (issue 16): kept in the sync data, so the portal knows
   * whom to tell of the game server's state while none serves, and a restarted game server
   * carries the feed on (after checking the account's permission again).
   */
  adminFeed = false;
  /**
   * The session handler holding this session (Evennia's `session.sessionhandler`): set when the
   * handler adds it, kept after it is removed, undefined before.
   */
  sessionHandler: SessionHandlerView<ServerSession<A, P>, P> | undefined = undefined;

  private inputChain: Promise<void> = Promise.resolve();

  constructor(
    data: SessionSyncData,
    private readonly sink: OutputSink,
    /** Shared by the game server's sessions so one room message builds one frame. */
    private readonly textFrames: TextFrames = new TextFrames(),
  ) {
    this.sessid = data.sessid;
    this.address = data.address;
    this.protocolKey = data.protocolKey;
    this.connTime = data.connTime;
    this.cmdLast = data.cmdLast;
    this.cmdLastVisible = data.cmdLastVisible;
    this.cmdTotal = data.cmdTotal;
    this.protocolFlags = { ...data.protocolFlags };
    this.adminFeed = data.adminFeed === true;
  }

  /** Evennia keeps `db` as an alias of `ndb` on sessions: sessions have no persistent storage. */
  get db(): Record<string, unknown> {
    return this.ndb;
  }

  /**
   * How this session's client takes colour, from its `client_options`: xterm256 unless it said
   * `xterm256: false` (then the nearest of the 16 ANSI colours), none if it said `ansi: false`.
   */
  get colours(): ColourSupport {
    const off = (flag: unknown) => flag === false || flag === 0;
    return off(this.protocolFlags.ansi) ? 'none' : off(this.protocolFlags.xterm256) ? 'ansi' : 'xterm256';
  }

  /**
   * The columns this session's screen has, from its `screenwidth` client option (docs/sessions.md#screen-width):
   * clamped to 20..400, 80 while the client has not said. Text sent to it is wrapped to this.
   */
  get width(): number {
    return screenWidth(this.protocolFlags.screenwidth);
  }

  /**
   * Sends text (with colour markup; none with `options.raw`), a prompt and OOB commands to this
   * session only (Evennia's `session.msg`, docs/sessions.md#message-routing). `text` undefined
   * sends no text frame, only the rest. Every `msg` to a player ends here, so a game's session
   * class may override it (and sees `kwargs.fromObj`).
   */
  msg(text: string | undefined, kwargs: MsgKwargs = {}): void {
    const options: MsgOptions = kwargs.options ?? {};
    const chatter = options.chatter === true;
    const { colours, width } = this;
    if (text !== undefined) this.sink(this.sessid, this.textFrames.frame(text, colours, width, options), chatter);
    if (kwargs.prompt !== undefined) {
      this.sink(this.sessid, this.textFrames.prompt(kwargs.prompt, colours, width, options), chatter);
    }
    if (hasOob(kwargs)) for (const frame of oobFrames(kwargs)) this.sink(this.sessid, frame, chatter);
  }

  /** Sends any outbound frame to this session. */
  send(frame: OutboundFrame, options: MsgOptions = {}): void {
    this.sink(this.sessid, frame, options.chatter === true);
  }

  /**
   * Runs `task` after every earlier input of this session has finished, so a slow command (a
   * login hashing a password) never lets a later line overtake it. Errors are the task's own.
   */
  enqueue(task: () => Promise<void> | void): Promise<void> {
    const next = this.inputChain.then(task);
    this.inputChain = next.catch(() => {});
    return next;
  }

  /** Settles when every input queued so far has been handled. */
  idle(): Promise<void> {
    return this.inputChain;
  }

  /** What the portal keeps so the session survives a game server restart (Evennia's get_sync_data). */
  getSyncData(): SessionSyncData {
    return {
      sessid: this.sessid,
      address: this.address,
      protocolKey: this.protocolKey,
      connTime: this.connTime,
      loggedIn: this.loggedIn,
      accountId: this.account?.id ?? null,
      puppetId: this.puppet?.id ?? null,
      cmdLast: this.cmdLast,
      cmdLastVisible: this.cmdLastVisible,
      cmdTotal: this.cmdTotal,
      protocolFlags: { ...this.protocolFlags },
      // Bounded like all sync data: a key too long to keep is a set the next server cannot rebuild.
      cmdsets: this.cmdsets
        .keys()
        .filter((key) => key.length <= Limits.syncData.keyLength)
        .slice(0, Limits.syncData.cmdsets),
      cmdsetState: this.savedCmdSetState(),
      ...(this.adminFeed ? { adminFeed: true as const } : {}),
    };
  }

  /**
   * The state of the session's own sets that have any, by key. Only what fits the sync data's
   * bounds is kept (a longer string is left out): one value over them would make the link refuse
   * the whole hand-over.
   */
  private savedCmdSetState(): Record<string, SavedData> | undefined {
    const { keyLength, cmdsets, questionDataKeys, questionValueLength } = Limits.syncData;
    const saved: Record<string, SavedData> = {};
    for (const set of this.cmdsets.all()) {
      if (!set.state || set.key.length > keyLength || Object.keys(saved).length >= cmdsets) continue;
      const fitting = Object.entries(set.state)
        .filter(
          ([key, value]) =>
            key.length <= keyLength && !(typeof value === 'string' && value.length > questionValueLength),
        )
        .slice(0, questionDataKeys);
      if (fitting.length > 0) saved[set.key] = Object.fromEntries(fitting);
    }
    return Object.keys(saved).length > 0 ? saved : undefined;
  }

  /** Hook: called after the session was rebuilt from sync data by a restarted game server. */
  atSync(): void {}
}

export type ServerSessionClass = new (
  data: SessionSyncData,
  sink: OutputSink,
  textFrames?: TextFrames,
) => ServerSession;
