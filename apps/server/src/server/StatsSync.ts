/**
 * Keeps the portal's copy of each session's command statistics (`cmdLast`, `cmdLastVisible`,
 * `cmdTotal`) at most a second behind, so a game server killed with -9 is restarted with them
 * instead of the figures of the last login or puppet change (issue 12). One `stats` message a
 * second for the sessions that typed something, not a sync per command.
 */
import type { ServerToPortal } from '@mud/protocol';
import type { GameSession } from '../commands/GameServices.js';

type Stats = Extract<ServerToPortal, { t: 'stats' }>;

export class StatsSync {
  private readonly dirty = new Set<GameSession>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (message: Stats) => void,
    private readonly everyMs = 1000,
  ) {}

  touched(session: GameSession): void {
    this.dirty.add(session);
  }

  forget(session: GameSession): void {
    this.dirty.delete(session);
  }

  start(): void {
    this.timer = setInterval(() => this.flush(), this.everyMs);
    this.timer.unref();
  }

  /** Stops the ticks; what is still dirty goes out with the final sync data anyway. */
  stop(): void {
    clearInterval(this.timer);
    this.dirty.clear();
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const stats = [...this.dirty].map((s) => ({
      sessid: s.sessid,
      cmdLast: s.cmdLast,
      cmdLastVisible: s.cmdLastVisible,
      cmdTotal: s.cmdTotal,
    }));
    this.dirty.clear();
    this.send({ t: 'stats', stats });
  }
}
