/**
 * One owner's cmdsets (a session's, an account's or a character's), after Evennia's
 * `evennia/commands/cmdsethandler.py`: game code adds and removes sets here instead of pushing
 * into and splicing a raw array, and the handler keeps the merge of its stack until a set in it
 * changes.
 */
import { CmdSet, type CommandDefinition } from './CmdSet.js';

interface MergeCache {
  sets: readonly CmdSet[];
  versions: readonly number[];
  merged: CmdSet;
}

export class CmdSetHandler {
  private sets: CmdSet[] = [];
  /** The last merge `current` made: its sets and their versions, so a change is noticed. */
  private cache: MergeCache | undefined;

  /** The sets, in the order they were added. */
  all(): readonly CmdSet[] {
    return this.sets;
  }

  /** The keys of the sets, in the order they were added (what a session keeps over a reload). */
  keys(): string[] {
    return this.sets.map((set) => set.key);
  }

  get size(): number {
    return this.sets.length;
  }

  /**
   * Adds a set on top of the stack. A set with the same key is taken off first, so adding a
   * menu twice never stacks two copies of it.
   */
  add(set: CmdSet): void {
    this.sets = [...this.sets.filter((old) => old.key !== set.key), set];
  }

  /** Takes off the set with this key, or this very set. Returns whether one was there. */
  remove(keyOrSet: string | CmdSet): boolean {
    const before = this.sets.length;
    this.sets = this.sets.filter((set) => (typeof keyOrSet === 'string' ? set.key !== keyOrSet : set !== keyOrSet));
    return this.sets.length !== before;
  }

  /** Takes off every set (a login replaces the unlogged-in set with the session set). */
  clear(): void {
    this.sets = [];
  }

  has(keyOrSet: string | CmdSet): boolean {
    return this.sets.some((set) => (typeof keyOrSet === 'string' ? set.key === keyOrSet : set === keyOrSet));
  }

  get(key: string): CmdSet | undefined {
    return this.sets.find((set) => set.key === key);
  }

  /**
   * The merged set of this owner's stack and, below it, the stacks of `others` (a session's
   * account and puppet, Evennia's cmdhandler): every set of every owner merged by priority
   * (`CmdSet.mergeStack`). Cached here until a set is added, removed or changed, or the other
   * owners' sets change: a session's stack changes at login, puppet and when game code adds a
   * set, not per command. The result is never changed by anyone, so it is shared.
   */
  current(others: readonly (CmdSetHandler | undefined)[] = []): CmdSet<CommandDefinition> {
    const stack = [...this.sets, ...others.flatMap((handler) => handler?.sets ?? [])];
    const last = this.cache;
    if (
      last?.sets.length === stack.length &&
      last.sets.every((set, i) => set === stack[i] && set.version === last.versions[i])
    ) {
      return last.merged;
    }
    const merged = CmdSet.mergeStack(stack);
    this.cache = { sets: stack, versions: stack.map((set) => set.version), merged };
    return merged;
  }
}
