/**
 * A command set, after Evennia's `evennia/commands/cmdset.py`. Cmdsets never change when merged:
 * `merge()` builds a new set, so the session, account and character sets stay definitions and the
 * handler can rebuild the merged set whenever the stack changes (a puppet, an unpuppet, a reload).
 */
import type { SavedData } from '@mud/protocol';

/**
 * What a cmdset needs of a command: its names. `commands/Command` implements it; a cmdset never
 * runs a command, so it knows nothing of sessions or what a command can reach, and sits below them.
 */
export interface CommandDefinition {
  readonly key: string;
  readonly aliases: readonly string[];
  /** Key first, then aliases. */
  readonly names: readonly string[];
  /** Two commands are "the same" when any name is shared (Evennia compares commands by name). */
  sameAs(other: CommandDefinition): boolean;
}

/** How a set combines with one of lower priority (Evennia's `mergetype`). */
export type MergeType = 'Union' | 'Intersect' | 'Replace' | 'Remove';

export interface CmdSetOptions<C extends CommandDefinition = CommandDefinition> {
  key: string;
  /** Higher wins; Evennia's defaults are session -20, account -10, character 0. */
  priority?: number;
  mergeType?: MergeType;
  /** Merge type to use against a set with the given key instead of `mergeType`. */
  keyMergeTypes?: Record<string, MergeType>;
  /** Keep same-named commands of both sets on an equal-priority merge (a multimatch follows). */
  duplicates?: boolean;
  commands?: C[];
}

/**
 * Evennia's system commands (`__nomatch__`, `__noinput__`, ...) start with `__`. The handler
 * calls them itself, so no merge may drop them, whatever the merge type (cmdset.py `__add__`).
 */
export function isSystemCommand(cmd: CommandDefinition): boolean {
  return cmd.key.startsWith('__');
}

function containsSame(list: readonly CommandDefinition[], cmd: CommandDefinition): boolean {
  return list.some((other) => other.sameAs(cmd));
}

export class CmdSet<C extends CommandDefinition = CommandDefinition> {
  readonly key: string;
  readonly priority: number;
  readonly mergeType: MergeType;
  readonly keyMergeTypes: Readonly<Record<string, MergeType>>;
  readonly duplicates: boolean;
  /**
   * What a session-level set keeps across a `reload` besides being there (a creation menu's
   * draft): flat JSON, saved with the set's key in the session's sync data, within
   * `Limits.syncData`. Put the state a player would miss here, not in `session.ndb`.
   */
  state: SavedData | undefined;
  // Private so that only `add` (which de-duplicates) and `merge` (which may keep duplicates on
  // purpose) can change it.
  private cmds: C[] = [];
  private changes = 0;

  constructor(options: CmdSetOptions<C>) {
    this.key = options.key;
    this.priority = options.priority ?? 0;
    this.mergeType = options.mergeType ?? 'Union';
    this.keyMergeTypes = { ...options.keyMergeTypes };
    this.duplicates = options.duplicates ?? false;
    if (options.commands) this.add(options.commands);
  }

  /** The commands, in the order they were added (merged sets: the higher set's first). */
  get commands(): readonly C[] {
    return this.cmds;
  }

  /** Counts the `add` and `remove` calls, so a merge made from this set can tell it is stale. */
  get version(): number {
    return this.changes;
  }

  /**
   * Adds commands; a command that is `sameAs` one already here replaces it in place. This is
   * not a merge: it is how a set overrides a default command (Evennia's `CmdSet.add`).
   */
  add(item: C | readonly C[] | CmdSet<C>): this {
    this.changes += 1;
    const incoming = item instanceof CmdSet ? item.commands : Array.isArray(item) ? item : [item];
    for (const cmd of incoming as readonly C[]) {
      const at = this.cmds.findIndex((old) => old.sameAs(cmd));
      if (at === -1) {
        this.cmds.push(cmd);
        continue;
      }
      this.cmds[at] = cmd;
      // A new command with several names may clash with more than one old command.
      this.cmds = this.cmds.filter((old, i) => i <= at || !old.sameAs(cmd));
    }
    return this;
  }

  /**
   * Removes every command answering to the name (key or alias), or every command `sameAs` the
   * given one. Returns whether anything was removed.
   */
  remove(keyOrCmd: string | CommandDefinition): boolean {
    this.changes += 1;
    const before = this.cmds.length;
    if (typeof keyOrCmd === 'string') {
      const name = keyOrCmd.toLowerCase();
      this.cmds = this.cmds.filter((cmd) => !cmd.names.includes(name));
    } else {
      this.cmds = this.cmds.filter((cmd) => !cmd.sameAs(keyOrCmd));
    }
    return this.cmds.length !== before;
  }

  /** The command answering to a name (key or alias, case-insensitive); the first one if several. */
  get(name: string): C | undefined {
    const wanted = name.toLowerCase();
    return this.cmds.find((cmd) => cmd.names.includes(wanted));
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Every key and alias, each once, in command order (for `help` and suggestions). */
  allNames(): string[] {
    return [...new Set(this.cmds.flatMap((cmd) => cmd.names))];
  }

  /**
   * A new set with the same options and only the commands `keep` accepts, duplicates kept: a
   * tie-merged set filtered this way still gives the parser both same-named commands (a
   * multimatch), where a set built with `add` would keep only the last.
   */
  filter<D extends C>(keep: (cmd: C) => cmd is D): CmdSet<D>;
  filter(keep: (cmd: C) => boolean): CmdSet<C>;
  filter(keep: (cmd: C) => boolean): CmdSet<C> {
    const copy = this.clone();
    copy.cmds = copy.cmds.filter(keep);
    return copy;
  }

  /**
   * This set again, to be changed on its own: same class (a game's subclass stays one), options,
   * state and commands; the command objects and the (read-only) key merge types are shared.
   */
  copy(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.cmds = [...this.cmds];
    if (this.state) copy.state = { ...this.state };
    return copy;
  }

  /** A new set with the same options and commands. */
  clone(): CmdSet<C> {
    const copy = new CmdSet<C>({
      key: this.key,
      priority: this.priority,
      mergeType: this.mergeType,
      keyMergeTypes: { ...this.keyMergeTypes },
      duplicates: this.duplicates,
    });
    copy.cmds = [...this.cmds];
    return copy;
  }

  /**
   * `b.merge(a)` is Evennia's `b + a`: "A is merged onto B". The set of higher priority decides
   * the merge type (ties go to A, the set being merged on) and gives the result its key and
   * priority. Follows `CmdSet.__add__` in evennia/commands/cmdset.py, with one deliberate
   * difference: the result's merge type is 'Union' (Evennia copies the higher set's), since a
   * merged set is a result, not a definition meant to filter others.
   */
  merge(a: CmdSet<C>): CmdSet<C> {
    const aIsHigher = a.priority >= this.priority;
    const high = aIsHigher ? a : this;
    const low = aIsHigher ? this : a;
    const mergeType = high.keyMergeTypes[low.key] ?? high.mergeType;

    const highCmds = high.cmds.filter((cmd) => !isSystemCommand(cmd));
    const lowCmds = low.cmds.filter((cmd) => !isSystemCommand(cmd));
    // Evennia keeps both sets' same-named commands only on a tie: at different priorities the
    // higher set's command simply wins (cmdset.py `_union`, `_intersect`).
    const keepBoth = high.duplicates && high.priority === low.priority;

    let merged: C[];
    switch (mergeType) {
      case 'Union':
        merged = keepBoth
          ? [...highCmds, ...lowCmds]
          : [...highCmds, ...lowCmds.filter((cmd) => !containsSame(highCmds, cmd))];
        break;
      case 'Intersect':
        merged = highCmds
          .filter((cmd) => containsSame(lowCmds, cmd))
          .flatMap((cmd) => (keepBoth ? [cmd, ...lowCmds.filter((l) => l.sameAs(cmd))] : [cmd]));
        break;
      case 'Replace':
        merged = [...highCmds];
        break;
      case 'Remove':
        merged = lowCmds.filter((cmd) => !containsSame(highCmds, cmd));
        break;
    }

    // System commands come back whatever the merge type; the higher set's version wins.
    const highSys = high.cmds.filter(isSystemCommand);
    const lowSys = low.cmds.filter((cmd) => isSystemCommand(cmd) && !containsSame(highSys, cmd));

    const result = new CmdSet<C>({ key: high.key, priority: high.priority });
    result.cmds = [...merged, ...highSys, ...lowSys];
    return result;
  }

  /**
   * Merges a stack the way Evennia's cmdhandler does: lowest priority first, each next set
   * merged onto the result so far. The sort is stable, so among equal priorities the set later
   * in the list is merged later and wins the tie (session, then account, then puppet order).
   */
  static mergeStack<C extends CommandDefinition>(sets: readonly CmdSet<C>[]): CmdSet<C> {
    const sorted = [...sets].sort((x, y) => x.priority - y.priority);
    const [first, ...rest] = sorted;
    // Evennia's name for "no cmdset" (cmdhandler.py `_EMPTY_CMDSET`).
    if (!first) return new CmdSet<C>({ key: '_EMPTY_CMDSET' });
    // A copy even for a one-set stack, so that changing the result never changes a definition.
    return rest.reduce((acc, next) => acc.merge(next), first.clone());
  }
}
