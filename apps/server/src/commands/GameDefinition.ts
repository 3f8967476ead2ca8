/**
 * What a game author supplies (Evennia's game folder and settings): the connection screen, changes
 * to the default cmdsets, and the session class. Loaded by the game server at start, so a fresh
 * game server process runs the author's current code.
 */
import type { CmdSet } from '../cmdsets/CmdSet.js';
import type { Settings } from '../config.js';
import type { ServerSessionClass } from '../session/ServerSession.js';
import type { GameServices, QuestionAnswer } from './GameServices.js';

type Hook = (game: GameServices) => void | Promise<void>;

/**
 * Evennia's server hooks (`server/conf/at_server_startstop.py`). On every start `atServerStart`
 * runs, then `atServerReloadStart` after a reload or `atServerColdStart` after anything else
 * (first start, reset, crash). On a stop, `atServerReloadStop` or `atServerColdStop` runs, then
 * `atServerStop`; a full shutdown runs `atServerShutdown` first. Use `game.carry` to keep your
 * own JSON state across a reload.
 */
export interface ServerHooks {
  atServerStart?: Hook;
  atServerStop?: Hook;
  atServerReloadStart?: Hook;
  atServerReloadStop?: Hook;
  atServerColdStart?: Hook;
  atServerColdStop?: Hook;
  atServerShutdown?: Hook;
}

export interface GameDefinition {
  /** Text (with colour markup) sent on connect and by unlogged-in `look`. */
  connectionScreen(settings: Settings): string;
  /**
   * Hooks to change the default cmdsets: add, replace or remove commands. Each receives a fresh
   * default set and returns the set to use.
   */
  cmdsets?: {
    unloggedin?: (defaults: CmdSet) => CmdSet;
    /** Added to every logged-in session (Evennia's CMDSET_SESSION). */
    session?: (defaults: CmdSet) => CmdSet;
    account?: (defaults: CmdSet) => CmdSet;
    /** Carried by every character (Evennia's CMDSET_CHARACTER). */
    character?: (defaults: CmdSet) => CmdSet;
  };
  /**
   * Cmdsets a session may carry over a reload, by key (Evennia keeps cmdset paths): a restarted
   * game server rebuilds a session's sets from their keys with these. Each builds a set with the
   * key it is registered under; the default sets and `CharGen` are known already.
   */
  sessionCmdSets?: Record<string, () => CmdSet>;
  /** Answers to questions asked with a key (`game.ask(session, text, { key, data })`), by key. */
  questions?: Record<string, QuestionAnswer>;
  /** Replaces the server session class (Evennia's SERVER_SESSION_CLASS). */
  sessionClass?: ServerSessionClass;
  hooks?: ServerHooks;
}
