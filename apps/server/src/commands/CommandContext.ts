/**
 * What a running command can reach. `session` is undefined when no session triggered the command
 * (an NPC or a script, SPEC §3).
 */
import type { Account } from '../accounts/Account.js';
import type { CmdSet } from '../cmdsets/CmdSet.js';
import type { Character } from '../objects/Character.js';
import type { GameServices } from '../server/GameServices.js';
import type { ServerSession } from '../session/ServerSession.js';

export interface CommandContext {
  readonly game: GameServices;
  readonly session: ServerSession | undefined;
  readonly account: Account | undefined;
  /**
   * The character acting: the session's puppet, or the character game code runs the command as
   * (`game.execute(character, line)`). Undefined when OOC.
   */
  readonly character: Character | undefined;
  /** The merged cmdset the command was found in (what `help` lists). */
  readonly cmdset: CmdSet;
  /**
   * `command.msg`: to the session that typed the command (and those sharing its output in modes 1
   * and 3); with no session, to the caller — `character.msg` or `account.msg`.
   */
  msg(text: string): void;
}
