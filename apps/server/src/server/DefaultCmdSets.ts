/**
 * The four default cmdsets (Evennia's CMDSET_UNLOGGEDIN, CMDSET_SESSION, CMDSET_ACCOUNT,
 * CMDSET_CHARACTER), each built fresh and passed through the game's own changes
 * (`GameDefinition.cmdsets`) when it has any; and the registry of session cmdsets a restarted
 * server rebuilds by key (`GameDefinition.sessionCmdSets`).
 */
import type { CmdSet } from '../cmdsets/CmdSet.js';
import { accountCmdSet, sessionCmdSet } from '../commands/default/account.js';
import { characterCmdSet } from '../commands/default/character.js';
import { CHARGEN_KEY, charGenCmdSet } from '../commands/default/chargen.js';
import { unloggedinCmdSet } from '../commands/default/unloggedin.js';
import type { GameDefinition } from '../commands/GameDefinition.js';

type Which = keyof NonNullable<GameDefinition['cmdsets']>;

const DEFAULTS: Record<Which, () => CmdSet> = {
  unloggedin: unloggedinCmdSet,
  session: sessionCmdSet,
  account: accountCmdSet,
  character: characterCmdSet,
};

/** Session cmdsets the engine itself puts on sessions, besides the defaults. */
const KNOWN_SESSION_SETS: Record<string, () => CmdSet> = { [CHARGEN_KEY]: charGenCmdSet };

export class DefaultCmdSets {
  /** Each default set as built once, with the game's changes: what `build` copies. */
  private readonly templates = new Map<Which, CmdSet>();

  constructor(private readonly definition: GameDefinition) {}

  /**
   * The owner's own set: a copy of the set built once per kind. A copy may be changed (`add`,
   * `remove`) without touching anyone else's, as in Evennia; its commands are shared, which is
   * safe because a command is a definition (the handler runs a fresh copy of it per invocation,
   * `Command.copy`). Sharing them is what keeps a session, its account and its character from
   * each holding twenty command objects of their own (issue 17: memory per session).
   */
  build(which: Which): CmdSet {
    let template = this.templates.get(which);
    if (!template) {
      const customise = this.definition.cmdsets?.[which];
      const defaults = DEFAULTS[which]();
      template = customise ? customise(defaults) : defaults;
      this.templates.set(which, template);
    }
    return template.copy();
  }

  /** A fresh session cmdset by its key, the game's own first; undefined for a key nobody registered. */
  byKey(key: string): CmdSet | undefined {
    const own = this.definition.sessionCmdSets;
    const build =
      own && Object.hasOwn(own, key)
        ? own[key]
        : Object.hasOwn(KNOWN_SESSION_SETS, key)
          ? KNOWN_SESSION_SETS[key]
          : undefined;
    return build?.();
  }
}
