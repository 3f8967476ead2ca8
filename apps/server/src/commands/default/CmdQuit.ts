/**
 * `quit` and `quit/all` once logged in (docs/architecture.md#default-commands). Its own file: the account cmdset and the
 * character-creation menu both carry it.
 */
import { Command } from '../Command.js';

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
    // As Evennia's quit: a player with other sessions open is told they stay connected.
    const others = account ? account.sessions.count() - 1 : 0;
    game.sessions.disconnect(
      session,
      others > 0
        ? `Quitting. ${others} other session${others === 1 ? ' is' : 's are'} still connected.`
        : 'Quitting. Hope to see you again, soon.',
    );
  }
}
