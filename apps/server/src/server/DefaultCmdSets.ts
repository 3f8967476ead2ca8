/**
 * The four default cmdsets (Evennia's CMDSET_UNLOGGEDIN, CMDSET_SESSION, CMDSET_ACCOUNT,
 * CMDSET_CHARACTER), each built fresh and passed through the game's own changes
 * (`GameDefinition.cmdsets`) when it has any.
 */
import type { CmdSet } from '../cmdsets/CmdSet.js';
import { accountCmdSet, sessionCmdSet } from '../commands/default/account.js';
import { characterCmdSet } from '../commands/default/character.js';
import { unloggedinCmdSet } from '../commands/default/unloggedin.js';
import type { GameDefinition } from '../commands/GameDefinition.js';

type Which = keyof NonNullable<GameDefinition['cmdsets']>;

const DEFAULTS: Record<Which, () => CmdSet> = {
  unloggedin: unloggedinCmdSet,
  session: sessionCmdSet,
  account: accountCmdSet,
  character: characterCmdSet,
};

export class DefaultCmdSets {
  constructor(private readonly definition: GameDefinition) {}

  build(which: Which): CmdSet {
    const customise = this.definition.cmdsets?.[which];
    const defaults = DEFAULTS[which]();
    return customise ? customise(defaults) : defaults;
  }
}
