/**
 * `perm`: grant, revoke and list an account's permissions (Evennia's `perm`, issue 16). The
 * superuser's only: `Admin` opens the admin view (docs/architecture.md#the-admin-view).
 *
 *   perm <account>               lists them
 *   perm <account> = Admin       grants
 *   perm/del <account> = Admin   revokes
 */
import { canonicalPermission, PERMISSIONS } from '../../accounts/permissions.js';
import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';
import type { CommandContext } from '../Command.js';
import { Command } from '../Command.js';

const USAGE = 'Usage: perm <account> [= <permission>]  |  perm/del <account> = <permission>';

export class CmdPerm extends Command {
  readonly key = 'perm';
  override readonly aliases = ['setperm'];
  override readonly helpCategory = 'admin';
  override readonly help =
    `Grant, revoke or list an account's permissions.\n\nUsage:\n  perm <account>\n  perm <account> = <permission>\n  perm/del <account> = <permission>\n\nPermissions: ${PERMISSIONS.join(', ')} (Admin opens the admin view at /admin). The superuser has all of them. Superuser only.`;

  override access(ctx: CommandContext): boolean {
    return ctx.account?.isSuperuser === true;
  }

  async func(): Promise<void> {
    const { game } = this.ctx;
    const name = this.lhs;
    const removing = this.switches.includes('del');
    if (!name || (removing && !this.rhs) || this.switches.some((s) => s !== 'del')) {
      this.msg(USAGE);
      return;
    }
    const shown = escapeMarkup(sanitizePlayerText(name));
    const found = await game.accounts.repository.findByName(name);
    if (!found) {
      this.msg(`|rNo account "${shown}".|n`);
      return;
    }
    const target = found.account;
    const targetName = escapeMarkup(target.name);
    if (!this.rhs) {
      const held = target.permissions.length > 0 ? target.permissions.join(', ') : 'none';
      this.msg(
        `Permissions of |g${targetName}|n: ${held}${target.isSuperuser ? ' (superuser: has every permission)' : ''}.`,
      );
      return;
    }
    const permission = canonicalPermission(this.rhs);
    if (!permission) {
      this.msg(
        `|rNo permission "${escapeMarkup(sanitizePlayerText(this.rhs))}".|n Permissions: ${PERMISSIONS.join(', ')}.`,
      );
      return;
    }
    const changed = await game.accounts.repository.setPermission(target.id, permission, !removing);
    if (!changed) {
      this.msg(`${targetName} ${removing ? 'does not have' : 'already has'} the permission ${permission}.`);
      return;
    }
    const by = this.ctx.account?.name ?? 'unknown';
    game.logger.info({ by, accountId: target.id, permission, granted: !removing }, 'permission changed');
    // The account online: its live object follows, and the admin view drops a revoked watcher.
    const live = game.sessions.byAccount(target.id)[0]?.account;
    if (live) {
      if (removing) live.permissions.delete(permission);
      else live.permissions.add(permission);
      game.adminAccessChanged(live);
      live.msg(
        removing
          ? `${escapeMarkup(by)} removed your permission ${permission}.`
          : `${escapeMarkup(by)} gave you the permission ${permission}.`,
      );
    }
    this.msg(
      removing
        ? `Permission ${permission} removed from ${targetName}.`
        : `Permission ${permission} given to ${targetName}.`,
    );
  }
}
