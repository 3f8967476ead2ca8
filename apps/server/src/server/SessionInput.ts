/**
 * What a session's input frames do on the game server (docs/protocol.md#the-websocket): `text` runs a command line (or
 * answers a question asked with `ask`), `login` / `create` run the one login path, and
 * `client_options` updates the session's flags. Keepalives only mark the session active.
 */
import {
  type AdminIn,
  ErrorCode,
  type GameInputFrame,
  isSavedQuestion,
  Limits,
  out,
  type SavedQuestion,
} from '@mud/protocol';
import type { CommandHandler } from '../commands/CommandHandler.js';
import { CONNECT_PASSWORD } from '../commands/default/unloggedin.js';
import type { GameServices, GameSession, QuestionAnswer } from '../commands/GameServices.js';
import { runLogin } from '../commands/runLogin.js';
import { logIncident } from '../incidents.js';

const MAX_PROTOCOL_FLAGS = Limits.clientOptions.perSession;

export type Answer = (line: string) => Promise<void> | void;

interface Pending {
  answer: Answer;
  /** The question's saved form, kept over a reload; absent for a question asked with a function. */
  saved: SavedQuestion | undefined;
}

export class SessionInput {
  /** Questions waiting for a session's next line (`ask`). */
  private readonly questions = new Map<GameSession, Pending>();

  constructor(
    private readonly game: GameServices,
    private readonly commands: CommandHandler,
    /** Answer handlers of saved questions, by key (the defaults and `GameDefinition.questions`). */
    private readonly answers: Readonly<Record<string, QuestionAnswer>> = {},
    /** The session's command statistics changed (`StatsSync` sends them on). */
    private readonly touched: (session: GameSession) => void = () => {},
    /** An `admin` frame: the admin view's, authorised and answered there (server/admin/). */
    private readonly admin: (session: GameSession, frame: AdminIn) => void = () => {},
  ) {}

  private error(session: GameSession, code: ErrorCode, message: string, input?: string): void {
    this.game.router.send({ kind: 'session', session }, out.error(code, message, input));
  }

  /**
   * The session's next line goes to `answer` instead of the command handler. A saved question
   * must name a registered handler and fit its schema (`Limits.syncData`): asking one that does
   * not is the game's bug, so it throws (the command fails with an incident) rather than being
   * lost silently at the next reload.
   */
  ask(session: GameSession, answer: Answer | SavedQuestion): void {
    if (typeof answer === 'function') {
      this.questions.set(session, { answer, saved: undefined });
      return;
    }
    const { key } = answer;
    if (!isSavedQuestion(answer)) throw new Error(`The question "${key}" does not fit Limits.syncData.`);
    const run = this.answerFor(session, answer);
    if (!run) throw new Error(`No answer handler is registered for the question "${key}".`);
    this.questions.set(session, { answer: run, saved: { key: answer.key, data: { ...answer.data } } });
  }

  /** Asks again, without a message, a question a restarted server found in the sync data. */
  restore(session: GameSession, saved: SavedQuestion): void {
    const run = this.answerFor(session, saved);
    if (!run) {
      logIncident(this.game.logger, 'session-state-dropped', { sessid: session.sessid, question: saved.key });
      return;
    }
    this.questions.set(session, { answer: run, saved });
  }

  /** The saved form of the session's pending question, for its sync data. */
  saved(session: GameSession): SavedQuestion | undefined {
    return this.questions.get(session)?.saved;
  }

  private answerFor(session: GameSession, question: SavedQuestion): Answer | undefined {
    const handler = Object.hasOwn(this.answers, question.key) ? this.answers[question.key] : undefined;
    if (!handler) return undefined;
    const game = this.game;
    const msg = (text: string) => game.router.msg({ kind: 'command', session }, text);
    return (line) => handler(line, question.data, { game, session, msg });
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
      case 'admin':
        this.admin(session, frame);
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
        const pending = this.questions.get(session);
        if (pending) {
          this.questions.delete(session);
          await pending.answer(line);
          return;
        }
        await this.commands.execute(session, line);
        return;
      }
      case 'login':
      case 'create': {
        session.cmdLastVisible = now;
        session.cmdTotal += 1;
        // Logging in by the form ends a `connect <name>` waiting for its password: the next line
        // is a command again, not a password (docs/sessions.md#the-secret-prompt).
        if (this.questions.get(session)?.saved?.key === CONNECT_PASSWORD) this.questions.delete(session);
        const { name, password } = frame[2];
        await runLogin(this.game, session, { kind: frame[0], name, password });
        return;
      }
    }
  }
}
