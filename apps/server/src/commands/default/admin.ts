/**
 * Superuser commands (docs/architecture.md#restarting-the-game-server, docs/architecture.md#the-superuser; issue 6): `shutdown`, `reload`, `reset`, `boot`.
 */
import type { RestartKind } from '@mud/protocol';
import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';
import type { CommandContext } from '../Command.js';
import { Command } from '../Command.js';
import type { GameSession } from '../GameServices.js';

const superuserOnly = (ctx: CommandContext) => ctx.account?.isSuperuser === true;

/** A superuser-only command: Evennia's `perm(Developer)` lock, the only level there is so far. */
abstract class AdminCommand extends Command {
  override readonly helpCategory = 'admin';
  override access(ctx: CommandContext): boolean {
    return superuserOnly(ctx);
  }
}

export class CmdShutdown extends AdminCommand {
  readonly key = 'shutdown';
  override readonly help = 'Stop the whole game: portal and game server. Superuser only.';

  func(): void {
    const name = this.ctx.account?.name ?? 'unknown';
    this.ctx.game.logger.info({ by: name }, 'shutdown requested');
    this.ctx.game.sessions.announceAll(`|rThe game is shutting down (by ${escapeMarkup(name)}).|n`);
    this.ctx.game.requestShutdown(name);
  }
}

export class CmdBoot extends AdminCommand {
  readonly key = 'boot';
  override readonly help =
    'End the sessions of an account, or one session.\n\nUsage:\n  boot <account name>  [= reason]\n  boot <sessid> [= reason]\n\nSuperuser only.';

  func(): void {
    const { game, session } = this.ctx;
    const target = this.lhs;
    if (!target) {
      this.msg('Usage: boot <account name or sessid> [= reason]');
      return;
    }
    const bySessid = /^\d+$/.test(target) ? game.sessions.get(Number(target)) : undefined;
    const victims = bySessid
      ? [bySessid]
      : game.sessions.loggedIn().filter((s) => s.account?.name.toLowerCase() === target.toLowerCase());
    const shown = escapeMarkup(sanitizePlayerText(target));
    if (victims.length === 0) {
      this.msg(`No connected session or account "${shown}".`);
      return;
    }
    if (victims.includes(session as GameSession)) {
      this.msg('You cannot boot yourself; use quit.');
      return;
    }
    const reason = this.rhs ? ` Reason: ${sanitizePlayerText(this.rhs)}` : '';
    const by = escapeMarkup(this.ctx.account?.name ?? 'an admin');
    game.logger.info({ by: this.ctx.account?.id, sessids: victims.map((v) => v.sessid) }, 'boot');
    for (const victim of victims) game.sessions.disconnect(victim, `|rYou have been booted by ${by}.|n${reason}`);
    this.msg(`Booted ${victims.length} session${victims.length === 1 ? '' : 's'} (${shown}).`);
  }
}

/** `reload` and `reset`: ask the portal for a fresh game server (docs/architecture.md#restarting-the-game-server). */
abstract class RestartCommand extends AdminCommand {
  protected abstract readonly kind: RestartKind;
  protected abstract readonly notice: string;
  func(): void {
    this.ctx.game.sessions.announceAll(this.notice);
    this.ctx.game.requestRestart(this.kind, this.ctx.account?.name ?? 'unknown');
  }
}

export class CmdReload extends RestartCommand {
  readonly key = 'reload';
  override readonly aliases = ['restart'];
  override readonly help =
    'Restart the game server, loading changed game code. Nobody is disconnected and no input is lost. Superuser only.';
  protected readonly kind = 'reload';
  protected readonly notice = '|y Server restart initiated ...|n';
}

export class CmdReset extends RestartCommand {
  readonly key = 'reset';
  override readonly help =
    'Cold-restart the game server: like reload, but non-persistent state is cleared and cold-start hooks run. Superuser only.';
  protected readonly kind = 'reset';
  protected readonly notice = '|y Server reset initiated ...|n';
}
