/**
 * A command, Evennia-style: a class with a `key`, `aliases` and a `func()`. A cmdset holds one
 * instance of each command as its definition; the command handler runs a fresh copy per
 * invocation (as Evennia copies its command objects), so `this.args` and friends are private to
 * one call even when the call is async.
 */
import type { Account } from '../accounts/Account.js';
import type { CmdSet, CommandDefinition } from '../cmdsets/CmdSet.js';
import type { Character } from '../objects/Character.js';
import type { MsgKwargs } from '../session/MsgKwargs.js';
import type { GameServices, GameSession } from './GameServices.js';

/**
 * What a running command can reach. `session` is undefined when no session triggered the command
 * (an NPC or a script, docs/sessions.md#message-routing). Declared beside `Command`, which holds one, because each refers
 * to the other.
 */
export interface CommandContext {
  readonly game: GameServices;
  readonly session: GameSession | undefined;
  readonly account: Account | undefined;
  /**
   * The character acting: the session's puppet, or the character game code runs the command as
   * (`game.execute(character, line)`). Undefined when OOC.
   */
  readonly character: Character | undefined;
  /** The merged cmdset the command was found in (what `help` lists). */
  readonly cmdset: CmdSet<Command>;
  /**
   * `command.msg`: to the session that typed the command (and those sharing its output in modes 1
   * and 3); with no session, to the caller — `character.msg` or `account.msg`. `kwargs.session`
   * or `kwargs.toObj` sends elsewhere (docs/sessions.md#message-routing).
   */
  msg(text: string | undefined, kwargs?: CommandMsgKwargs): void;
}

/**
 * `command.msg`'s kwargs: those of every `msg` (`fromObj`, `session`, `options`, `prompt`, OOB
 * commands), plus `toObj`, an account or character whose sessions get the message instead.
 */
export interface CommandMsgKwargs extends MsgKwargs<GameSession> {
  toObj?: Account | Character | undefined;
}

export abstract class Command implements CommandDefinition {
  /** The main name players type. Lower case. */
  abstract readonly key: string;
  /** Other names for the same command. Lower case. */
  readonly aliases: readonly string[] = [];
  /** Category shown by `help`. */
  readonly helpCategory: string = 'general';
  /** Help text shown by `help <key>`; its first line is the one-line summary. */
  readonly help: string = '';
  /**
   * Set false when the command's name may be followed directly by its argument without a
   * space (Evennia's `arg_regex`): `"hello` for say, `:waves` for pose.
   */
  readonly requiresSpace: boolean = true;

  // ---- set by the command handler for one invocation -------------------------------------
  /** The name the player actually typed (key or alias, lower case). */
  cmdName = '';
  /** Everything after the command name and switches, trimmed. */
  args = '';
  /** Switches: `quit/all` gives `['all']`. Lower case. */
  switches: string[] = [];
  /** The whole line as typed. */
  rawString = '';
  /** Services and routing for this invocation; see `CommandContext`. */
  ctx!: CommandContext;

  /** Every name this command answers to: key first, then aliases. */
  get names(): readonly string[] {
    return [this.key, ...this.aliases];
  }

  /** Evennia compares commands by name: two commands are "the same" if any name is shared. */
  sameAs(other: CommandDefinition): boolean {
    const mine = this.names;
    return other.names.some((name) => mine.includes(name));
  }

  /** Left of `=` in the arguments (Evennia's MuxCommand `lhs`), trimmed. */
  get lhs(): string {
    const at = this.args.indexOf('=');
    return (at === -1 ? this.args : this.args.slice(0, at)).trim();
  }

  /** Right of `=` in the arguments, trimmed; undefined when there is no `=`. */
  get rhs(): string | undefined {
    const at = this.args.indexOf('=');
    return at === -1 ? undefined : this.args.slice(at + 1).trim();
  }

  /** Whether the caller may use (and see) this command. Override for locked commands. */
  access(_ctx: CommandContext): boolean {
    return true;
  }

  /**
   * The session that typed the command; undefined when no session triggered it (an NPC or a
   * script running `game.execute`, docs/sessions.md#message-routing).
   */
  get session(): GameSession | undefined {
    return this.ctx.session;
  }

  /**
   * Sends text to the session that typed the command, plus the sessions sharing its output in
   * modes 1 and 3; with no session, to the caller. `{ session }` sends to that session only,
   * `{ toObj }` to an account's or character's sessions; `kwargs` also takes `fromObj`,
   * `options`, `prompt` and OOB commands (docs/sessions.md#message-routing).
   */
  msg(text: string | undefined, kwargs: CommandMsgKwargs = {}): void {
    this.ctx.msg(text, kwargs);
  }

  /** Runs the command. Throwing is safe: the handler logs it and tells the player. */
  abstract func(): void | Promise<void>;

  /** A per-invocation copy: same prototype and definition fields, fresh invocation state. */
  copy(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
  }
}
