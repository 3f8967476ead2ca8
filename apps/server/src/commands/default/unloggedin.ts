/**
 * The unlogged-in commands of docs/architecture.md#default-commands (Evennia's UnloggedinCmdSet): `connect`, `create`, `look`,
 * `help`, `quit`.
 */
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { splitQuotedName } from '../../text/format.js';
import { Command } from '../Command.js';
import { runLogin } from '../runLogin.js';
import { CmdHelp } from './CmdHelp.js';

export class CmdUnconnectedConnect extends Command {
  readonly key = 'connect';
  override readonly aliases = ['conn', 'con', 'co'];
  override readonly help =
    'Connect to the game.\n\nUsage:\n  connect <name> <password>\n  connect "name with spaces" <password>';

  async func(): Promise<void> {
    const session = this.ctx.session;
    if (!session) return;
    const parts = splitQuotedName(this.args);
    if (!parts?.rest) {
      this.msg('Usage: connect <name> <password> (put a name with spaces in double quotes).');
      return;
    }
    // The same flow, answers and error codes as the `login` frame.
    await runLogin(this.ctx.game, session, { kind: 'login', name: parts.name, password: parts.rest });
  }
}

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
