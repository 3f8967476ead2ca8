/**
 * MUD_IDLE_TIMEOUT (docs/settings.md#limits): sessions with no visible input for that long are
 * ended; superusers are exempt. Swept at half the timeout (at most every 10 s), so a session
 * ends between one and one and a half timeouts after its last command.
 */
import type { GameSession } from '../commands/GameServices.js';

export class IdleSweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutSeconds: number,
    private readonly sessions: () => Iterable<GameSession>,
    private readonly end: (session: GameSession, reason: string) => void,
  ) {}

  start(): void {
    if (this.timeoutSeconds <= 0) return;
    const every = Math.min(this.timeoutSeconds * 500, 10_000);
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const limit = Date.now() - this.timeoutSeconds * 1000;
    for (const session of this.sessions()) {
      if (session.cmdLastVisible < limit && !session.account?.isSuperuser) {
        this.end(session, 'Idle timeout exceeded, disconnecting.');
      }
    }
  }
}
