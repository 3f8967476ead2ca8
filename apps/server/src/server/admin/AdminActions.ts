/**
 * What the admin view's buttons do (issue 16): boot a session with a reason the player sees,
 * message everyone, reload or reset. Each is answered with a `done` frame and logged, with who
 * did it, as the `admin-action` incident the admin view lists.
 */
import type { AdminIn, AdminOut, RestartKind } from '@mud/protocol';
import { adminOut } from '@mud/protocol';
import type { GameServices, GameSession } from '../../commands/GameServices.js';
import { logIncident } from '../../incidents.js';
import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';

type Action = Exclude<AdminIn, ['admin', ['subscribe' | 'unsubscribe'], unknown]>;

/** The restart notices everyone sees, the same as the typed `reload` and `reset` give. */
export const RESTART_NOTICES: Record<RestartKind, string> = {
  reload: '|y Server restart initiated ...|n',
  reset: '|y Server reset initiated ...|n',
};

export class AdminActions {
  constructor(private readonly game: Pick<GameServices, 'sessions' | 'logger' | 'requestRestart'>) {}

  /** Runs one action for `admin` (already authorised) and gives the answer to send back. */
  run(admin: GameSession, frame: Action): AdminOut {
    const by = admin.account?.name ?? 'an admin';
    switch (frame[1][0]) {
      case 'boot': {
        const { sessid, reason } = frame[2] as { sessid: number; reason: string };
        return this.boot(admin, by, sessid, reason);
      }
      case 'announce': {
        const { text } = frame[2] as { text: string };
        const clean = sanitizePlayerText(text).trim();
        if (clean === '') return adminOut.done('announce', false, 'The message is empty.');
        this.game.sessions.announceAll(`|y[Announcement from ${escapeMarkup(by)}]|n ${clean}`);
        this.log(admin, by, { action: 'announce' }, `announced to everyone: ${clean}`);
        return adminOut.done('announce', true, `Sent to ${this.game.sessions.count()} sessions.`);
      }
      case 'restart': {
        const { kind } = frame[2] as { kind: RestartKind };
        this.log(admin, by, { action: kind }, `asked for a ${kind}`);
        this.game.sessions.announceAll(RESTART_NOTICES[kind]);
        this.game.requestRestart(kind, by);
        return adminOut.done('restart', true, `${kind === 'reload' ? 'Reload' : 'Reset'} requested.`);
      }
    }
  }

  private boot(admin: GameSession, by: string, sessid: number, reason: string): AdminOut {
    const victim = this.game.sessions.get(sessid);
    if (!victim) return adminOut.done('boot', false, `No session ${sessid}: it may have ended already.`);
    if (victim === admin) return adminOut.done('boot', false, 'You cannot boot your own session; use quit.');
    const why = sanitizePlayerText(reason).trim();
    const who = victim.account?.name ?? 'not logged in';
    this.log(
      admin,
      by,
      { action: 'boot', sessid, address: victim.address },
      `booted session ${sessid} (${who})${why ? `: ${why}` : ''}`,
    );
    this.game.sessions.disconnect(
      victim,
      `|rYou have been booted by ${escapeMarkup(by)}.|n${why ? ` Reason: ${why}` : ''}`,
    );
    return adminOut.done('boot', true, `Booted session ${sessid} (${who}).`);
  }

  /** Logged with who did it (the `account` field) and what: the admin view lists it. */
  private log(admin: GameSession, by: string, fields: Record<string, unknown>, what: string): void {
    logIncident(
      this.game.logger,
      'admin-action',
      { by: admin.account?.id, byName: by, ...fields, account: by, detail: what },
      'warn',
    );
  }
}
