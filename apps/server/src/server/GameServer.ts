/**
 * The game server's core: turns link messages into server sessions, input and output.
 * Transport-free — the process entry gives it an IPC link, tests an in-memory one.
 */
import {
  type Carry,
  LINK_VERSION,
  type PortalToServer,
  type RestartKind,
  type SavedQuestion,
  type ServerToPortal,
  type SessionSyncData,
  type StartKind,
} from '@mud/protocol';
import type { Account } from '../accounts/Account.js';
import type { Account as AccountRecord, AccountRepository } from '../accounts/AccountRepository.js';
import { AccountService } from '../accounts/AccountService.js';
import type { ThrottleStore } from '../accounts/ThrottleStore.js';
import { CommandHandler } from '../commands/CommandHandler.js';
import { defaultQuestions } from '../commands/default/account.js';
import { failureAnswer } from '../commands/failure.js';
import type { GameDefinition, ServerHooks } from '../commands/GameDefinition.js';
import type { AskOptions, GameServices, GameSession } from '../commands/GameServices.js';
import { describeAccount, describeRoom } from '../commands/views.js';
import type { Settings } from '../config.js';
import type { IncidentRing } from '../incidentRing.js';
import { logIncident } from '../incidents.js';
import type { ServerLink } from '../link/Link.js';
import type { Logger } from '../logger.js';
import type { Character } from '../objects/Character.js';
import type { CharacterRepository } from '../objects/CharacterRepository.js';
import { Puppets } from '../objects/Puppets.js';
import type { RoomRepository } from '../objects/RoomRepository.js';
import { World } from '../objects/World.js';
import { MessageRouter } from '../session/MessageRouter.js';
import { SessionHandler } from '../session/SessionHandler.js';
import { TextFrames } from '../session/TextFrames.js';
import { renderMarkup } from '../text/markup.js';
import { deferred } from '../util/async.js';
import { AccountStates } from './AccountStates.js';
import { AdminFeed } from './admin/AdminFeed.js';
import { DefaultCmdSets } from './DefaultCmdSets.js';
import { HandledInputs } from './HandledInputs.js';
import { IdleSweep } from './IdleSweep.js';
import { OutputBatcher } from './OutputBatcher.js';
import { runHook } from './runHook.js';
import { SessionFactory } from './SessionFactory.js';
import { type Answer, SessionInput } from './SessionInput.js';
import { StatsSync } from './StatsSync.js';

export interface GameServerOptions {
  settings: Settings;
  logger: Logger;
  link: ServerLink;
  accounts: AccountRepository;
  characters: CharacterRepository;
  rooms: RoomRepository;
  /** Where the login and creation throttles keep their counts across restarts; memory if absent. */
  throttles?: ThrottleStore;
  definition: GameDefinition;
  /** Called once the server has said its last word to the portal (`stopping` or `stopped`). */
  onStopped?: () => void;
  /** Called when the portal hands this server the sessions: it is the serving game server now. */
  onServing?: () => void;
  /** This process's recent incidents (fed from its logger), for the admin view. */
  incidents?: IncidentRing;
  /** How often the admin view's watchers are pushed health and changes (2 s; tests go faster). */
  adminTickMs?: number;
}

export class GameServer implements GameServices {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly sessions: SessionHandler<Account, Character>;
  readonly accounts: AccountService;
  readonly definition: GameDefinition;
  readonly router: MessageRouter<Account, Character>;
  readonly world: World;
  readonly puppets: Puppets;
  private readonly states: AccountStates;
  private readonly link: ServerLink;
  private readonly commands: CommandHandler;
  private readonly inputs: SessionInput;
  private readonly output = new OutputBatcher((batches) => this.send({ t: 'output', batches }));
  /** One per server: a room message builds one frame for all its sessions. */
  private readonly textFrames = new TextFrames();
  private readonly cmdsets: DefaultCmdSets;
  private readonly factory: SessionFactory;
  private stopping = false;
  private readonly idleSweep: IdleSweep;
  private readonly stats = new StatsSync((message) => this.send(message));
  private readonly handled = new HandledInputs((message) => this.send(message));
  private readonly admin: AdminFeed;
  private readonly onStopped: () => void;
  private readonly onServing: (() => void) | undefined;
  carry: Carry = {};
  /** Settles once `hello` has restored the portal's sessions: input waits for it. */
  private readonly handedOver = deferred();

  constructor(options: GameServerOptions) {
    this.settings = options.settings;
    this.logger = options.logger;
    this.link = options.link;
    this.definition = options.definition;
    this.cmdsets = new DefaultCmdSets(options.definition);
    this.accounts = new AccountService(options.accounts, options.settings, options.logger, {
      throttles: options.throttles,
    });
    this.sessions = new SessionHandler<Account, Character>({
      disconnect: (session, reason) => this.endSession(session, reason),
    });
    this.router = new MessageRouter<Account, Character>(options.settings.multisessionMode, this.sessions);
    this.world = new World({
      characters: options.characters,
      rooms: options.rooms,
      sessions: this.sessions,
      router: this.router,
      characterCmdSet: () => this.cmdsets.build('character'),
    });
    this.puppets = new Puppets({
      sessions: this.sessions,
      router: this.router,
      world: this.world,
      mode: options.settings.multisessionMode,
      maxPuppets: options.settings.maxNrSimultaneousPuppets,
      onSessionChanged: (session, character) => this.states.sessionChanged(session, character),
      saveLastPuppet: (session, character) => this.states.saveLastPuppet(session, character.id),
      look: (character) => describeRoom(character.location, character),
      onSaveFailed: (character, err) =>
        options.logger.warn({ err, characterId: character.id }, 'could not save where a character entered the game'),
    });
    this.states = new AccountStates({
      settings: options.settings,
      logger: options.logger,
      sessions: this.sessions,
      router: this.router,
      world: this.world,
      puppets: this.puppets,
      accounts: options.accounts,
      accountCmdSet: () => this.cmdsets.build('account'),
      sessionCmdSet: () => this.cmdsets.build('session'),
      endSession: (session, reason) => this.endSession(session, reason),
      sync: (session) => this.sync(session),
      describeAccount: async (session) => this.describeAccountFor(session),
    });
    this.factory = new SessionFactory({
      game: this,
      definition: options.definition,
      accounts: options.accounts,
      states: this.states,
      cmdsets: this.cmdsets,
      output: (sessid, frame, chatter) => this.output.push(sessid, frame, chatter),
      textFrames: this.textFrames,
      restoreQuestion: (session, saved) => this.inputs.restore(session, saved),
    });
    this.commands = new CommandHandler(this);
    this.admin = new AdminFeed({
      game: this,
      send: (session, frame) => this.router.send({ kind: 'session', session }, frame),
      sync: (session) => this.sync(session),
      incidents: options.incidents,
      reportMemory: (memory) => this.send({ t: 'health', memory }),
      tickMs: options.adminTickMs,
    });
    this.inputs = new SessionInput(
      this,
      this.commands,
      { ...defaultQuestions, ...options.definition.questions },
      (s) => this.stats.touched(s),
      (session, frame) => this.admin.handle(session, frame),
    );
    this.idleSweep = new IdleSweep(
      options.settings.idleTimeout,
      () => this.sessions.all(),
      (session, reason) => this.endSession(session, reason),
    );
    this.onStopped = options.onStopped ?? (() => {});
    this.onServing = options.onServing;
    this.link.onMessage((message) => this.receive(message));
  }

  private hook(name: keyof ServerHooks): Promise<void> {
    return runHook(this.definition, name, this, this.logger);
  }

  /** Boots: the world, the superuser claim, then tells the portal it is ready. */
  async start(): Promise<void> {
    await this.world.load();
    await this.accounts.ensureSuperuser(this.settings.superuserName, this.settings.superuserPassword);
    this.idleSweep.start();
    this.stats.start();
    this.admin.start();
    this.send({ t: 'ready', version: LINK_VERSION, pid: process.pid });
  }

  // ---- link ----------------------------------------------------------------------------------

  private send(message: ServerToPortal): void {
    this.link.send(message);
  }

  private receive(message: PortalToServer): void {
    try {
      switch (message.t) {
        case 'hello':
          if (message.version !== LINK_VERSION) {
            // Both processes come from one checkout; another version means a half-updated install.
            logIncident(
              this.logger,
              'link-version-mismatch',
              { version: message.version, expected: LINK_VERSION },
              'fatal',
            );
            this.link.close();
            return;
          }
          void this.hello(message.kind, message.sessions, message.carry);
          return;
        case 'connect':
          this.factory.connect(message.session);
          this.admin.sessionsChanged();
          return;
        case 'input': {
          const session = this.sessions.get(message.sessid);
          if (!session) {
            this.handled.done(message.id);
            return;
          }
          // Input waits for the hand-over to finish, so its answers follow the restart notice.
          void session
            .enqueue(async () => {
              await this.handedOver.promise;
              await this.inputs.handle(session, message.frame);
            })
            .catch((err: unknown) => this.incident(session, err, message.frame[0]))
            .finally(() => this.handled.done(message.id));
          return;
        }
        case 'disconnect': {
          const session = this.sessions.get(message.sessid);
          if (session) void session.enqueue(() => this.removeSession(session, message.reason));
          return;
        }
        case 'shutdown':
          void this.shutdown();
          return;
        case 'drain':
          void this.drain(message.kind);
          return;
        case 'report':
          this.admin.report(message);
          return;
      }
    } catch (err) {
      logIncident(this.logger, 'server-link-handler', { err, t: message.t });
    }
  }

  /** Text or a frame for one connection only, through the router like all output. */
  private tell(session: GameSession, text: string): void {
    this.router.msg({ kind: 'session', session }, text);
  }
  private incident(session: GameSession, err: unknown, input: string): void {
    this.router.send(
      { kind: 'session', session },
      failureAnswer(
        this.logger,
        err,
        'input-failed',
        { sessid: session.sessid, input },
        'Something went wrong handling your input. The error has been logged.',
        input,
      ),
    );
  }

  // ---- sessions ------------------------------------------------------------------------------

  /**
   * Takes over the portal's sessions after a start: restores them without login hooks or
   * messages, runs the start hooks, then tells everyone the restart is over (docs/architecture.md#restarting-the-game-server).
   */
  private async hello(kind: StartKind, sessions: readonly SessionSyncData[], carry: Carry): Promise<void> {
    const started = Date.now();
    this.onServing?.();
    this.admin.serving();
    this.carry = kind === 'reload' ? { ...carry } : {};
    try {
      await Promise.all(
        sessions.map((data) =>
          this.factory
            .restore(data)
            .catch((err: unknown) => logIncident(this.logger, 'restore-failed', { err, sessid: data.sessid })),
        ),
      );
      // Here, not in start(): during a reload the old server counts attempts until it hands over
      // (and saves them first), and no input reaches this one before `handedOver`. After the
      // sessions, which must exist before this first await so their input is not dropped.
      // Watchers of the admin view watch on, if their accounts still may (issue 16).
      this.admin.restored();
      await this.accounts.restoreThrottles();
      await this.hook('atServerStart');
      await this.hook(kind === 'reload' ? 'atServerReloadStart' : 'atServerColdStart');
      if (kind !== 'first') this.sessions.announceAll('|g ... Server restarted.|n');
    } finally {
      this.handedOver.resolve();
    }
    this.logger.info({ kind, restored: sessions.length, ms: Date.now() - started }, 'sessions restored');
  }

  /**
   * Before a reload or reset: finish every input already received (the portal holds new input
   * from now on), run the stop hooks, and hand every session's state to the portal.
   */
  private async drain(kind: RestartKind): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const started = Date.now();
    this.idleSweep.stop();
    this.stats.stop();
    this.admin.stop();
    await Promise.all(this.sessions.all().map((s) => s.idle()));
    await this.hook(kind === 'reload' ? 'atServerReloadStop' : 'atServerColdStop');
    await this.hook('atServerStop');
    // The next server reads the throttles' counts back when it takes over.
    await this.accounts.flushThrottles();
    await this.states.close();
    this.output.flush();
    this.handled.flush();
    this.send({
      t: 'stopping',
      kind,
      sessions: this.sessions.all().map((s) => this.syncData(s)),
      carry: kind === 'reload' ? this.carry : {},
    });
    this.logger.info({ kind, sessions: this.sessions.count(), ms: Date.now() - started }, 'drained for restart');
    this.onStopped();
  }

  private removeSession(session: GameSession, reason: string): void {
    if (!this.sessions.get(session.sessid)) return;
    this.puppets.unpuppet(session, { quiet: true });
    this.inputs.forget(session);
    this.stats.forget(session);
    this.sessions.remove(session.sessid);
    this.admin.forget(session);
    this.output.forget(session.sessid);
    const account = session.account;
    if (account) {
      this.states.release(account);
      void this.states.menuChanged(account);
    }
    this.logger.info({ sessid: session.sessid, reason }, 'session removed');
  }

  /** Ends a session from the game side: the portal sends `reason` and closes with 1000. */
  private endSession(session: GameSession, reason: string): void {
    this.output.flush();
    this.removeSession(session, reason);
    this.send({ t: 'disconnect', sessid: session.sessid, reason: renderMarkup(reason) });
  }

  /** The session's sync data and, held here rather than on the session, its pending question. */
  private syncData(session: GameSession): SessionSyncData {
    const question = this.inputs.saved(session);
    return question ? { ...session.getSyncData(), question } : session.getSyncData();
  }

  private sync(session: GameSession): void {
    // The portal learns of the change before the player sees any output about it: a client that
    // has read "You become X" must find X still puppeted if the game server dies right after.
    this.send({ t: 'sync', session: this.syncData(session) });
    this.output.flush();
    this.admin.sessionsChanged();
  }

  // ---- services for commands -----------------------------------------------------------------

  login(session: GameSession, record: AccountRecord, options: { created?: boolean } = {}): Promise<Account> {
    return this.states.login(session, record, options);
  }

  execute(caller: Character | Account, line: string): Promise<void> {
    return this.commands.executeAs(caller, line);
  }

  adminAccessChanged(account: Account): void {
    this.admin.accessChanged(account);
  }

  menuChanged(account: Account): void {
    void this.states.menuChanged(account);
  }

  ask(session: GameSession, question: string, answer: Answer | SavedQuestion, options: AskOptions = {}): void {
    this.inputs.ask(session, answer);
    // Only this session's next line answers, so only it is asked.
    if (options.secret === true) {
      this.router.msg({ kind: 'session', session }, undefined, { prompt: question, options: { echo: false } });
    } else this.tell(session, question);
  }

  private async describeAccountFor(session: GameSession): Promise<string> {
    const account = session.account;
    if (!account) return '';
    return describeAccount({ game: this, session, account }, await this.world.charactersOf(account.id));
  }

  connectionScreen(): string {
    return this.definition.connectionScreen(this.settings);
  }

  revokeResumes(account: Account, except?: GameSession): void {
    const sessids = account.sessions
      .all()
      .filter((s) => s !== except)
      .map((s) => s.sessid);
    if (sessids.length > 0) this.send({ t: 'revoke-resume', sessids });
  }

  requestShutdown(by: string): void {
    this.output.flush();
    this.send({ t: 'request-shutdown', by });
  }

  requestRestart(kind: RestartKind, by: string): void {
    this.output.flush();
    this.send({ t: 'request-restart', kind, by });
  }

  /**
   * Full shutdown: characters leave the game (the room hears it), hooks run, output is flushed,
   * and the portal is told it may close the connections.
   */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.idleSweep.stop();
    this.stats.stop();
    this.admin.stop();
    this.logger.info({ sessions: this.sessions.count() }, 'game server shutting down');
    await Promise.all(this.sessions.all().map((s) => s.idle()));
    for (const session of this.sessions.all()) this.puppets.unpuppet(session, { quiet: true });
    await this.hook('atServerShutdown');
    await this.hook('atServerColdStop');
    await this.hook('atServerStop');
    await this.accounts.flushThrottles();
    // No database read after this: main.ts closes the database once the server has stopped.
    await this.states.close();
    this.output.flush();
    this.handled.flush();
    this.send({ t: 'stopped' });
    this.onStopped();
  }
}
