/**
 * What a session's input frames do on the game server (docs/protocol.md#the-websocket): `text` runs a command line (or
 * answers a question asked with `ask`), `login` / `create` run the one login path, and
 * `client_options` updates the session's flags. Keepalives only mark the session active.
 */
import { ErrorCode, type GameInputFrame, Limits, out } from '@mud/protocol';
import type { CommandHandler } from '../commands/CommandHandler.js';
import type { GameServices, GameSession } from '../commands/GameServices.js';
import { runLogin } from '../commands/runLogin.js';

const MAX_PROTOCOL_FLAGS = Limits.clientOptions.perSession;

export type Answer = (line: string) => Promise<void> | void;

export class SessionInput {
  /** Questions waiting for a session's next line (`ask`). */
  private readonly questions = new Map<GameSession, Answer>();

  constructor(
    private readonly game: GameServices,
    private readonly commands: CommandHandler,
    /** The session's command statistics changed (`StatsSync` sends them on). */
    private readonly touched: (session: GameSession) => void = () => {},
  ) {}

  private error(session: GameSession, code: ErrorCode, message: string, input?: string): void {
    this.game.router.send({ kind: 'session', session }, out.error(code, message, input));
  }

  /** The session's next line goes to `answer` instead of the command handler. */
  ask(session: GameSession, answer: Answer): void {
    this.questions.set(session, answer);
  }

  forget(session: GameSession): void {
    this.questions.delete(session);
  }

  /**
   * A frame the portal forwarded: already checked against the protocol's schema and its limits
   * (a line's length among them) at the portal, and again on the link.
   */
  async handle(session: GameSession, frame: GameInputFrame): Promise<void> {
    const now = Date.now();
    session.cmdLast = now;
    this.touched(session);
    switch (frame[0]) {
      case 'idle':
        return;
      case 'client_options': {
        // Known keys are updated; new ones only while the session keeps fewer than the cap.
        const flags = session.protocolFlags;
        let ignored = 0;
        for (const [key, value] of Object.entries(frame[2])) {
          if (Object.hasOwn(flags, key) || Object.keys(flags).length < MAX_PROTOCOL_FLAGS) flags[key] = value;
          else ignored += 1;
        }
        if (ignored > 0) {
          const message = `Too many client options: a session keeps at most ${MAX_PROTOCOL_FLAGS}; ${ignored} new ${ignored === 1 ? 'one was' : 'ones were'} ignored.`;
          this.error(session, ErrorCode.InvalidArguments, message, 'client_options');
        }
        return;
      }
      case 'text': {
        session.cmdLastVisible = now;
        session.cmdTotal += 1;
        const line = frame[1][0];
        const answer = this.questions.get(session);
        if (answer) {
          this.questions.delete(session);
          await answer(line);
          return;
        }
        await this.commands.execute(session, line);
        return;
      }
      case 'login':
      case 'create': {
        session.cmdLastVisible = now;
        session.cmdTotal += 1;
        const { name, password } = frame[2];
        await runLogin(this.game, session, { kind: frame[0], name, password });
        return;
      }
    }
  }
}
