/**
 * The account (OOC) commands available once logged in (SPEC §7; Evennia's AccountCmdSet).
 * Characters, `ic` and `ooc` arrive with the multisession issue.
 */
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { formatDuration, table } from '../../text/format.js';
import { escapeMarkup } from '../../text/markup.js';
import { Command } from '../Command.js';
import type { CommandContext } from '../CommandContext.js';
import { CmdHelp } from './CmdHelp.js';

export class CmdOOCLook extends Command {
  readonly key = 'look';
  override readonly aliases = ['l', 'ls'];
  override readonly help = 'Show your account and its sessions.';

  func(): void {
    const { account, session } = this.ctx;
    if (!account) return;
    const sessions = account.sessions
      .all()
      .sort((a, b) => a.sessid - b.sessid)
      .map((s) => `  ${s === session ? '|g*|n' : ' '} ${s.sessid}: ${s.protocolKey} from ${s.address}`);
    this.msg(
      [
        `Account |c${escapeMarkup(account.name)}|n${account.isSuperuser ? ' (superuser)' : ''}`,
        `Connected sessions (* is this one):`,
        ...sessions,
        'Type "help" for the commands you can use.',
      ].join('\n'),
    );
  }
}

export class CmdWho extends Command {
  readonly key = 'who';
  override readonly aliases = ['doing'];
  override readonly help = 'List who is online.\n\nUsage:\n  who';

  func(): void {
    const now = Date.now();
    const admin = this.ctx.account?.isSuperuser === true;
    const sessions = this.ctx.game.sessions.loggedIn().sort((a, b) => a.sessid - b.sessid);
    const headers = admin
      ? ['Account', 'On for', 'Idle', 'Puppeting', 'Cmds', 'Protocol', 'Address']
      : ['Account', 'On for', 'Idle', 'Puppeting'];
    const rows = sessions.map((s) => {
      const base = [
        escapeMarkup(s.account?.name ?? '?'),
        formatDuration(now - s.connTime),
        formatDuration(now - s.cmdLastVisible),
        '-',
      ];
      return admin ? [...base, String(s.cmdTotal), s.protocolKey, s.address] : base;
    });
    const count = new Set(sessions.map((s) => s.account?.id)).size;
    this.msg(`${table(headers, rows)}\n${count} unique account${count === 1 ? '' : 's'} logged in.`);
  }
}

export class CmdSessions extends Command {
  readonly key = 'sessions';
  override readonly help = "List your account's connected sessions.\n\nUsage:\n  sessions";

  func(): void {
    const { account, session } = this.ctx;
    if (!account) return;
    const rows = account.sessions
      .all()
      .sort((a, b) => a.sessid - b.sessid)
      .map((s) => [`${s.sessid}${s === session ? '*' : ''}`, s.protocolKey, s.address, '-', '-']);
    this.msg(`${table(['Sessid', 'Protocol', 'Address', 'Puppet', 'Location'], rows)}\n(* is this session)`);
  }
}

export class CmdQuit extends Command {
  readonly key = 'quit';
  override readonly aliases = ['q'];
  override readonly help =
    'Leave the game.\n\nUsage:\n  quit        close this session\n  quit/all    close every session of your account';

  func(): void {
    const { account, session, game } = this.ctx;
    if (!session) return;
    if (this.switches.includes('all') && account) {
      for (const s of account.sessions.all())
        game.sessions.disconnect(s, 'Quitting all sessions. Hope to see you again, soon.');
      return;
    }
    game.sessions.disconnect(session, 'Quitting. Hope to see you again, soon.');
  }
}

export class CmdPassword extends Command {
  readonly key = 'password';
  override readonly help = 'Change your password.\n\nUsage:\n  password <old password> = <new password>';

  async func(): Promise<void> {
    const { account } = this.ctx;
    if (!account) return;
    const oldPassword = this.lhs;
    const newPassword = this.rhs;
    if (!oldPassword || !newPassword) {
      this.msg('Usage: password <old password> = <new password>');
      return;
    }
    const result = await this.ctx.game.accounts.changePassword(account.id, account.name, oldPassword, newPassword);
    this.msg(result.ok ? 'Password changed.' : `|r${result.reason}|n`);
  }
}

const superuserOnly = (ctx: CommandContext) => ctx.account?.isSuperuser === true;

export class CmdShutdown extends Command {
  readonly key = 'shutdown';
  override readonly helpCategory = 'admin';
  override readonly help = 'Stop the whole game: portal and game server. Superuser only.';

  override access(ctx: CommandContext): boolean {
    return superuserOnly(ctx);
  }
  func(): void {
    const name = this.ctx.account?.name ?? 'unknown';
    this.ctx.game.logger.info({ by: name }, 'shutdown requested');
    this.ctx.game.sessions.announceAll(`|rThe game is shutting down (by ${escapeMarkup(name)}).|n`);
    this.ctx.game.requestShutdown(name);
  }
}

/** Every logged-in session's own set: empty by default, for game authors (CMDSET_SESSION). */
export function sessionCmdSet(): CmdSet {
  return new CmdSet({ key: 'DefaultSession', priority: -20 });
}

export function accountCmdSet(): CmdSet {
  return new CmdSet({
    key: 'DefaultAccount',
    priority: -10,
    commands: [
      new CmdOOCLook(),
      new CmdWho(),
      new CmdSessions(),
      new CmdQuit(),
      new CmdPassword(),
      new CmdHelp(),
      new CmdShutdown(),
    ],
  });
}
