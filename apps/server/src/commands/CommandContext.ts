/**
 * What a running command can reach. `session` is undefined when no session triggered the command
 * (an NPC or a script, SPEC §3).
 */
import type { Account } from '../accounts/Account.js';
import type { CmdSet } from '../cmdsets/CmdSet.js';
import type { GameServices } from '../server/GameServices.js';
import type { ServerSession } from '../session/ServerSession.js';

export interface CommandContext {
  readonly game: GameServices;
  readonly session: ServerSession | undefined;
  readonly account: Account | undefined;
  /** The merged cmdset the command was found in (what `help` lists). */
  readonly cmdset: CmdSet;
  /** `command.msg`: to the session that typed the command. */
  msg(text: string): void;
}
