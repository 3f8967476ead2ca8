/**
 * The game server's services as commands and game code see them: one object passed down, no
 * module-level singletons.
 */
import type { Account } from '../accounts/Account.js';
import type { Account as AccountRecord } from '../accounts/AccountRepository.js';
import type { AccountService } from '../accounts/AccountService.js';
import type { Settings } from '../config.js';
import type { Logger } from '../logger.js';
import type { ServerSession } from '../session/ServerSession.js';
import type { SessionHandler } from '../session/SessionHandler.js';
import type { GameDefinition } from './GameDefinition.js';

export interface GameServices {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly sessions: SessionHandler;
  readonly accounts: AccountService;
  readonly definition: GameDefinition;
  /** Logs a session in as `record`: cmdsets, OOB state, mode rules (SPEC §3). */
  login(session: ServerSession, record: AccountRecord): Promise<Account>;
  /** The connection screen shown to sessions that are not logged in. */
  connectionScreen(): string;
  /** Asks the portal to stop the whole game (superuser `shutdown`). */
  requestShutdown(by: string): void;
}
