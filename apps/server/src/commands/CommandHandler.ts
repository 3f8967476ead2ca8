/**
 * Runs a line of input: merges the caller's cmdset stack (session → account → puppet, Evennia's
 * cmdhandler), drops commands the caller may not use, parses, and runs a fresh copy of the
 * matched command. A failing command becomes a logged incident and a short message; it never
 * takes the game server down.
 */
import type { Account } from '../accounts/Account.js';
import type { CmdSet, CommandDefinition } from '../cmdsets/CmdSet.js';
import type { Character } from '../objects/Character.js';
import type { MsgTarget } from '../session/MessageRouter.js';
import { escapeMarkup, sanitizePlayerText } from '../text/markup.js';
import type { Command, CommandContext } from './Command.js';
import { failureAnswer } from './failure.js';
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
export class CommandHandler {
  /** A merged set's runnable commands, kept as long as the merged set (the handler's cache). */
  private readonly runnables = new WeakMap<CmdSet, CmdSet<Command>>();

  constructor(private readonly game: GameServices) {}

  /**
   * The merged cmdsets that apply to a session: session → account → puppet (mergeStack sorts by
   * priority), cached by the session's cmdset handler.
   */
  mergedFor(session: GameSession): CmdSet {
    return session.cmdsets.current([session.account?.cmdsets, session.puppet?.cmdsets]);
  }

  /** Runs a line a session typed, with the session → account → puppet stack. */
  execute(session: GameSession, line: string): Promise<void> {
    // command.msg: routed per mode (docs/sessions.md#message-routing) — mirrored in mode 1, shared in mode 3.
    return this.run(
      this.mergedFor(session),
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
      caller.cmdsets.current(),
      line,
      { kind: 'command', session: undefined, caller },
      {
        session: undefined,
        account: isCharacter ? undefined : caller,
        character: isCharacter ? caller : undefined,
      },
    );
  }

  private async run(
    merged: CmdSet,
    line: string,
    target: MsgTarget<Account, Character>,
    who: Pick<CommandContext, 'session' | 'account' | 'character'>,
  ): Promise<void> {
    const game = this.game;
    // Cmdsets hold command definitions (`cmdsets/` sits below commands); only Commands can run.
    let runnable = this.runnables.get(merged);
    if (!runnable) {
      runnable = merged.filter(isCommand);
      this.runnables.set(merged, runnable);
    }
    const ctx: CommandContext = {
      ...who,
      game,
      cmdset: runnable,
      msg: (text, kwargs) => game.router.msg(target, text, kwargs),
    };
    // `filter` keeps a tie merge's same-named commands, so the parser can answer with a multimatch.
    const available = runnable.filter((cmd) => cmd.access(ctx));
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
          // One failure shape (issue 11): a named incident in the log, an error frame to the player.
          game.router.send(
            target,
            failureAnswer(
              game.logger,
              err,
              'command-failed',
              { command: cmd.key, sessid: ctx.session?.sessid },
              'Something went wrong running that command. The error has been logged.',
            ),
          );
        }
        return;
      }
    }
  }
}
