/**
 * The unlogged-in commands of docs/architecture.md#default-commands (Evennia's UnloggedinCmdSet): `connect`, `create`, `look`,
 * `help`, `quit`.
 */
import { Limits } from '@mud/protocol';
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { splitQuotedName } from '../../text/format.js';
import { Command } from '../Command.js';
import type { QuestionAnswer } from '../GameServices.js';
import { runLogin } from '../runLogin.js';
import { CmdHelp } from './CmdHelp.js';

export class CmdUnconnectedConnect extends Command {
  readonly key = 'connect';
  override readonly aliases = ['conn', 'con', 'co'];
  override readonly help =
    'Connect to the game.\n\nUsage:\n  connect <name> <password>\n  connect "name with spaces" <password>\n  connect <name>    (then type the password when asked: it is not shown)';

  async func(): Promise<void> {
    const { session, game } = this.ctx;
    if (!session) return;
    const parts = splitQuotedName(this.args);
    if (!parts) {
      this.msg('Usage: connect <name> [<password>] (put a name with spaces in double quotes).');
      return;
    }
    // No password, and a name that could be an account's: ask for it, echo off
    // (docs/sessions.md#the-secret-prompt). Asked by key, so a reload keeps the question.
    if (!parts.rest && parts.name.length <= Limits.fields.accountName) {
      game.ask(session, 'Password:', { key: CONNECT_PASSWORD, data: { name: parts.name } }, { secret: true });
      return;
    }
    // The same flow, answers and error codes as the `login` frame.
    await runLogin(game, session, { kind: 'login', name: parts.name, password: parts.rest });
  }
}

export const CONNECT_PASSWORD = 'connect-password';

/**
 * Answers `connect <name>`'s secret question: the line is the password, and goes through the one
 * login path with its throttles and refusals. It is never logged nor echoed; an empty line gives
 * up without counting as a failed login.
 */
export const answerConnectPassword: QuestionAnswer = async (line, data, { game, session, msg }) => {
  if (typeof data.name !== 'string') return;
  if (line === '') {
    msg('Not connected: no password was given.');
    return;
  }
  await runLogin(game, session, { kind: 'login', name: data.name, password: line });
};

export class CmdUnconnectedCreate extends Command {
  readonly key = 'create';
  override readonly aliases = ['cre', 'cr'];
  override readonly help =
    'Create a new account and log in.\n\nUsage:\n  create <name> <password>\n  create "name with spaces" <password>';

  async func(): Promise<void> {
    const session = this.ctx.session;
    if (!session) return;
    const parts = splitQuotedName(this.args);
    if (!parts?.rest) {
      this.msg('Usage: create <name> <password> (put a name with spaces in double quotes).');
      return;
    }
    // The same flow, answers and error codes as the `create` frame.
    await runLogin(this.ctx.game, session, { kind: 'create', name: parts.name, password: parts.rest });
  }
}

export class CmdUnconnectedLook extends Command {
  readonly key = 'look';
  override readonly aliases = ['l'];
  override readonly help = 'Show the connection screen again.';

  func(): void {
    this.msg(this.ctx.game.connectionScreen());
  }
}

export class CmdUnconnectedQuit extends Command {
  readonly key = 'quit';
  override readonly aliases = ['q', 'qu'];
  override readonly help = 'Close the connection.';

  func(): void {
    if (this.ctx.session) this.ctx.game.sessions.disconnect(this.ctx.session, 'Good bye! Disconnecting.');
  }
}

export function unloggedinCmdSet(): CmdSet<Command> {
  return new CmdSet({
    key: 'DefaultUnloggedin',
    priority: 0,
    commands: [
      new CmdUnconnectedConnect(),
      new CmdUnconnectedCreate(),
      new CmdUnconnectedLook(),
      new CmdHelp(),
      new CmdUnconnectedQuit(),
    ],
  });
}
