/**
 * Runs a line of input: merges the caller's cmdset stack (session → account → puppet, Evennia's
 * cmdhandler), drops commands the caller may not use, parses, and runs a fresh copy of the
 * matched command. A failing command becomes a logged incident and a short message; it never
 * takes the game server down.
 */
import { ErrorCode, out } from '@mud/protocol';
import type { Account } from '../accounts/Account.js';
import { CmdSet, type CommandDefinition } from '../cmdsets/CmdSet.js';
import { logIncident } from '../incidents.js';
import type { Character } from '../objects/Character.js';
import type { MsgTarget } from '../session/MessageRouter.js';
import { escapeMarkup, sanitizePlayerText } from '../text/markup.js';
import type { Command, CommandContext } from './Command.js';
import type { GameServices, GameSession } from './GameServices.js';
import { parseCommandLine } from './parser.js';

/**
 * Whether a cmdset entry can run. By shape, not `instanceof`: game code may import its own copy
 * of `Command.ts` (a game module importing it by file path is a second module instance under the
 * loader), and its commands must run all the same.
 */
const isCommand = (cmd: CommandDefinition): cmd is Command => {
  const candidate = cmd as Partial<Command>;
  return (
    typeof candidate.func === 'function' &&
    typeof candidate.copy === 'function' &&
    typeof candidate.access === 'function'
  );
};
const holdsOnlyCommands = (set: CmdSet): set is CmdSet<Command> => set.commands.every(isCommand);

export class CommandHandler {
  private readonly merges = new WeakMap<object, { sets: CmdSet[]; versions: number[]; merged: CmdSet<Command> }>();

  constructor(private readonly game: GameServices) {}

  /** The cmdsets that apply to a session: session → account → puppet (mergeStack sorts by priority). */
  stackFor(session: GameSession): CmdSet[] {
    return [...session.cmdsets, ...(session.account?.cmdsets ?? []), ...(session.puppet?.cmdsets ?? [])];
  }

  /** Runs a line a session typed, with the session → account → puppet stack. */
  execute(session: GameSession, line: string): Promise<void> {
    // command.msg: routed per mode (docs/sessions.md#message-routing) — mirrored in mode 1, shared in mode 3.
    return this.run(
      session,
      this.stackFor(session),
      line,
      { kind: 'command', session },
      {
        session,
        account: session.account,
        character: session.puppet,
      },
    );
  }

  /**
   * Runs a line as a character or an account with no session behind it (an NPC, a script):
   * only the caller's own cmdsets apply, `command.session` is undefined and `command.msg`
   * answers the caller (docs/sessions.md#message-routing).
   */
  executeAs(caller: Character | Account, line: string): Promise<void> {
    const isCharacter = 'accountId' in caller;
    return this.run(
      caller,
      [...caller.cmdsets],
      line,
      { kind: 'command', session: undefined, caller },
      {
        session: undefined,
        account: isCharacter ? undefined : caller,
        character: isCharacter ? caller : undefined,
      },
    );
  }

  /**
   * The merge of `stack`, reused while the same cmdsets at the same versions make it up: a
   * session's stack changes at login, puppet and when game code adds a set, not per command.
   * Keyed by the stack's owner (a session, or a caller without one); merged sets are never changed.
   */
  private merge(owner: object, stack: CmdSet[]): CmdSet<Command> {
    const last = this.merges.get(owner);
    if (
      last?.sets.length === stack.length &&
      last.sets.every((set, i) => set === stack[i] && set.version === last.versions[i])
    ) {
      return last.merged;
    }
    const all = CmdSet.mergeStack(stack);
    // Cmdsets hold command definitions (`cmdsets/` sits below commands); only Commands can run.
    const merged = holdsOnlyCommands(all)
      ? all
      : new CmdSet<Command>({ key: all.key, priority: all.priority, commands: all.commands.filter(isCommand) });
    this.merges.set(owner, { sets: stack, versions: stack.map((set) => set.version), merged });
    return merged;
  }

  private async run(
    owner: object,
    stack: CmdSet[],
    line: string,
    target: MsgTarget<Account, Character>,
    who: Pick<CommandContext, 'session' | 'account' | 'character'>,
  ): Promise<void> {
    const merged = this.merge(owner, stack);
    const game = this.game;
    const ctx: CommandContext = {
      ...who,
      game,
      cmdset: merged,
      msg: (text, kwargs) => game.router.msg(target, text, kwargs),
    };
    const available = new CmdSet<Command>({
      key: merged.key,
      priority: merged.priority,
      commands: merged.commands.filter((cmd) => cmd.access(ctx)),
      duplicates: true,
    });
    const parsed = parseCommandLine(line, available);
    switch (parsed.kind) {
      case 'empty':
        return;
      case 'nomatch':
        ctx.msg(
          `Command "${escapeMarkup(sanitizePlayerText(parsed.cmdName))}" is not available. Type "help" for help.`,
        );
        return;
      case 'multimatch':
        ctx.msg(
          `More than one command matches "${escapeMarkup(sanitizePlayerText(parsed.cmdName))}": ${parsed.candidates
            .map((c) => c.key)
            .join(', ')}.`,
        );
        return;
      case 'match': {
        const cmd = parsed.command.copy();
        cmd.cmdName = parsed.cmdName;
        cmd.switches = parsed.switches;
        cmd.args = parsed.args;
        cmd.rawString = line;
        cmd.ctx = { ...ctx, cmdset: available };
        try {
          await cmd.func();
        } catch (err) {
          // One failure shape (issue 11): a named incident in the log, E_INTERNAL to the player.
          logIncident(game.logger, 'command-failed', { err, command: cmd.key, sessid: ctx.session?.sessid });
          game.router.send(
            target,
            out.error(ErrorCode.Internal, 'Something went wrong running that command. The error has been logged.'),
          );
        }
        return;
      }
    }
  }
}
