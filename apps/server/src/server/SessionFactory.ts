/**
 * Makes the game server's sessions: a new connection's (unlogged-in, with the connection screen)
 * and one rebuilt from the portal's sync data after a restart — logged in again, its puppet
 * attached, without login hooks or messages (docs/architecture.md#restarting-the-game-server).
 * The session class is the game's own when it has one (Evennia's SERVER_SESSION_CLASS).
 */
import { out, type SavedQuestion, type SessionSyncData } from '@mud/protocol';
import type { AccountRepository } from '../accounts/AccountRepository.js';
import type { GameDefinition } from '../commands/GameDefinition.js';
import type { GameServices, GameSession } from '../commands/GameServices.js';
import { logIncident } from '../incidents.js';
import type { OutputSink } from '../session/ServerSession.js';
import { ServerSession } from '../session/ServerSession.js';
import type { TextFrames } from '../session/TextFrames.js';
import type { AccountStates } from './AccountStates.js';
import type { DefaultCmdSets } from './DefaultCmdSets.js';

export interface SessionFactoryOptions {
  game: Pick<GameServices, 'sessions' | 'router' | 'world' | 'puppets' | 'connectionScreen' | 'logger'>;
  definition: GameDefinition;
  accounts: AccountRepository;
  states: AccountStates;
  cmdsets: DefaultCmdSets;
  output: OutputSink;
  textFrames: TextFrames;
  /** Makes the session's next line answer a question asked before the restart. */
  restoreQuestion: (session: GameSession, saved: SavedQuestion) => void;
}

export class SessionFactory {
  constructor(private readonly o: SessionFactoryOptions) {}

  private create(data: SessionSyncData): GameSession {
    const SessionClass = this.o.definition.sessionClass ?? ServerSession;
    // The session layer types a session's account and puppet by their shapes only; this is the
    // one place that knows they are the game's Account and Character (SessionHandler sets them).
    const session = new SessionClass(data, this.o.output, this.o.textFrames) as GameSession;
    this.o.game.sessions.add(session);
    return session;
  }

  /** A new connection: not logged in, shown the connection screen. */
  connect(data: SessionSyncData): void {
    const session = this.create(data);
    session.cmdsets.add(this.o.cmdsets.build('unloggedin'));
    const to = { kind: 'session', session } as const;
    this.o.game.router.send(to, out.session(this.o.states.sessionState(session)));
    this.o.game.router.msg(to, this.o.game.connectionScreen());
  }

  /**
   * The session's own cmdsets beyond the defaults just rebuilt, by key, in their old order, and
   * its pending question (Evennia keeps cmdset paths): a player half-way through a menu or a
   * confirmation stays there. A key nobody registered is dropped, with an incident.
   */
  private restoreState(session: GameSession, data: SessionSyncData): void {
    for (const key of data.cmdsets ?? []) {
      if (session.cmdsets.has(key)) continue;
      const set = this.o.cmdsets.byKey(key);
      const state = data.cmdsetState?.[key];
      if (set && state) set.state = { ...state };
      if (set) session.cmdsets.add(set);
      else logIncident(this.o.game.logger, 'session-state-dropped', { sessid: session.sessid, cmdset: key });
    }
    if (data.question) this.o.restoreQuestion(session, data.question);
  }

  /** A session the previous game server had, rebuilt from its sync data. */
  restore(data: SessionSyncData): Promise<void> {
    const session = this.create(data);
    const accountId = data.loggedIn ? data.accountId : null;
    if (accountId === null) {
      session.cmdsets.add(this.o.cmdsets.build('unloggedin'));
      this.restoreState(session, data);
      session.atSync();
      return Promise.resolve();
    }
    return session.enqueue(async () => {
      const record = await this.o.accounts.findById(accountId);
      if (!record) {
        session.cmdsets.add(this.o.cmdsets.build('unloggedin'));
        this.o.game.router.msg(
          { kind: 'session', session },
          'Your account no longer exists; you have been logged out.',
        );
        return;
      }
      this.o.states.attach(session, record);
      const puppet = data.puppetId === null ? undefined : await this.o.game.world.character(data.puppetId);
      if (puppet) this.o.game.puppets.restore(session, puppet);
      this.restoreState(session, data);
      session.atSync();
    });
  }
}
