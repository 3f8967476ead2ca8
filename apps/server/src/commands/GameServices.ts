/**
 * The game server's services as commands and game code see them: one object passed down, no
 * module-level singletons. Declared here, beside the commands, and implemented by
 * `server/GameServer`, so commands never import the server (issue 11's layers).
 */
import type { Carry, RestartKind, SavedQuestion } from '@mud/protocol';
import type { Account } from '../accounts/Account.js';
import type { Account as AccountRecord } from '../accounts/AccountRepository.js';
import type { AccountService } from '../accounts/AccountService.js';
import type { Settings } from '../config.js';
import type { Logger } from '../logger.js';
import type { Character } from '../objects/Character.js';
import type { Puppets } from '../objects/Puppets.js';
import type { World } from '../objects/World.js';
import type { MessageRouter } from '../session/MessageRouter.js';
import type { ServerSession } from '../session/ServerSession.js';
import type { SessionHandler } from '../session/SessionHandler.js';

/** A session as game code sees it: its account and puppet are the game's own classes. */
export type GameSession = ServerSession<Account, Character>;

/** What an answer to a saved question (`GameServices.ask` with a key) can reach. */
export interface QuestionContext {
  game: GameServices;
  /** The asked session; its account and puppet are the current ones, after a reload too. */
  session: GameSession;
  /** Routed like a command's `msg` from this session (docs/sessions.md#message-routing). */
  msg(text: string): void;
}

/**
 * Answers a question asked in the saved form: registered by key (`GameDefinition.questions`),
 * given the line the player typed and the question's data. Survives a reload, unlike a closure.
 */
export type QuestionAnswer = (line: string, data: SavedQuestion['data'], ctx: QuestionContext) => Promise<void> | void;

/** How a question is asked. */
export interface AskOptions {
  /**
   * The answer is secret (a password): the question goes as a `prompt` frame with `echo: false`,
   * so the client hides the line typed next (docs/protocol.md#frames-out).
   */
  secret?: boolean;
}

export interface GameServices {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly sessions: SessionHandler<Account, Character>;
  readonly accounts: AccountService;
  readonly router: MessageRouter<Account, Character>;
  readonly world: World;
  readonly puppets: Puppets;
  /**
   * Logs a session in as `record`: cmdsets, OOB state and the mode's rules (docs/sessions.md#multisession-modes): the mode 0
   * kick, a character created with a new account, auto-puppet.
   */
  login(session: GameSession, record: AccountRecord, options?: { created?: boolean }): Promise<Account>;
  /** The account's characters or sessions changed: resend its character menu. */
  menuChanged(account: Account): void;
  /**
   * Runs a command line as `caller` with no session (an NPC, a script): the caller's cmdsets
   * apply, `command.session` is undefined and the command's `msg` answers the caller (docs/sessions.md#message-routing).
   */
  execute(caller: Character | Account, line: string): Promise<void>;
  /**
   * Sends `question`; the session's next line goes to `answer` instead of the command handler.
   * Give `answer` as `{ key, data }` (a handler registered in `GameDefinition.questions`, flat JSON
   * data within `Limits.syncData`) and the question survives a reload; a function does not.
   */
  ask(
    session: GameSession,
    question: string,
    answer: ((line: string) => Promise<void> | void) | SavedQuestion,
    options?: AskOptions,
  ): void;
  /** The connection screen shown to sessions that are not logged in. */
  connectionScreen(): string;
  /** Asks the portal to stop the whole game (superuser `shutdown`). */
  requestShutdown(by: string): void;
  /**
   * Ends the resume tokens of the account's sessions but `except` (after a password change): a
   * token taken before the change cannot bring a session back, and a session waiting for a
   * resume ends now.
   */
  revokeResumes(account: Account, except?: GameSession): void;
  /**
   * An account's permissions changed while it is online (`perm`): the admin view stops feeding
   * its sessions if it may no longer watch (docs/architecture.md#the-admin-view).
   */
  adminAccessChanged(account: Account): void;
  /** Asks the portal for a fresh game server (superuser `reload` / `reset`, docs/architecture.md#restarting-the-game-server). */
  requestRestart(kind: RestartKind, by: string): void;
  /**
   * JSON the game keeps across a `reload` (not a `reset` or a crash): set it in
   * `atServerReloadStop`, read it in `atServerReloadStart`.
   */
  carry: Carry;
}
