/**
 * Input that arrives while no game server accepts it (a crash, a restart's hand-over) is held
 * here in arrival order and delivered once one does (docs/architecture.md#restarting-the-game-server).
 * Each session may have at most `perSession` inputs held; beyond it the player is told.
 */
import { ErrorCode, out, type PortalToServer } from '@mud/protocol';
import type { PortalSession } from './PortalSession.js';
import type { PortalSessionRegistry } from './PortalSessionRegistry.js';

export type InputMessage = Extract<PortalToServer, { t: 'input' }>;

/** Held inputs per session while the game server is away. */
export const MAX_HELD_INPUTS_PER_SESSION = 100;

export class HeldInput {
  private queue: InputMessage[] = [];

  constructor(private readonly perSession = MAX_HELD_INPUTS_PER_SESSION) {}

  /** Holds the input; past the session's allowance it is dropped and the player told. */
  hold(session: PortalSession, message: InputMessage): void {
    if (session.heldInputs >= this.perSession) {
      session.send([
        out.error(ErrorCode.ServerUnavailable, 'The game is restarting; input is being dropped until it is back.'),
      ]);
      return;
    }
    session.heldInputs += 1;
    this.queue.push(message);
  }

  /** Everything held for sessions that still exist, in arrival order; the hold is emptied. */
  release(sessions: PortalSessionRegistry): InputMessage[] {
    const held = this.queue;
    this.queue = [];
    for (const session of sessions.all()) session.heldInputs = 0;
    return held.filter((message) => sessions.get(message.sessid) !== undefined);
  }

  get size(): number {
    return this.queue.length;
  }
}
