/**
 * The game server's core over the in-memory link: no processes, no sockets — the same messages
 * the portal would send, checked at the link.
 */
import {
  initialSyncData,
  LINK_VERSION,
  Limits,
  type OutboundFrame,
  type PortalToServer,
  type ServerToPortal,
  type SessionSyncData,
} from '@mud/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAccountRepository } from '../accounts/MemoryAccountRepository.js';
import { CmdSet } from '../cmdsets/CmdSet.js';
import { Command } from '../commands/Command.js';
import type { GameDefinition } from '../commands/GameDefinition.js';
import { loadSettings } from '../config.js';
import { createMemoryLinkPair } from '../link/MemoryLink.js';
import { silentLogger } from '../logger.js';
import { MemoryCharacterRepository } from '../objects/MemoryCharacterRepository.js';
import { MemoryRoomRepository } from '../objects/MemoryRoomRepository.js';
import { ServerSession } from '../session/ServerSession.js';
import { GameServer } from './GameServer.js';

function syncData(sessid: number, overrides: Partial<SessionSyncData> = {}): SessionSyncData {
  return { ...initialSyncData(sessid, '10.0.0.1', 'websocket', Date.now()), ...overrides };
}

class FakePortal {
  readonly received: ServerToPortal[] = [];
  private waiters: (() => void)[] = [];
  constructor(private readonly link: ReturnType<typeof createMemoryLinkPair>['portal']) {
    link.onMessage((m) => {
      this.received.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  send(message: PortalToServer): void {
    this.link.send(message);
  }
  onClose(listener: () => void): void {
    this.link.onClose(listener);
  }
  framesFor(sessid: number): OutboundFrame[] {
    return this.received.flatMap((m) =>
      m.t === 'output' ? m.batches.flatMap((b) => (b.sessids.includes(sessid) ? b.frames : [])) : [],
    );
  }
  textFor(sessid: number): string {
    return this.framesFor(sessid)
      .filter((f) => f[0] === 'text')
      .map((f) => String(f[1][0]).replace(/\x1b\[[0-9;]*m/g, ''))
      .join('\n');
  }
  async until<T>(fn: () => T | undefined | false): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const v = fn();
      if (v) return v;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 25);
      });
    }
    throw new Error('condition never held');
  }
}

let portal: FakePortal;
let repository: MemoryAccountRepository;

/** A game server on the in-memory link, not started; `portal` is its other end. */
function create(
  env: Record<string, string> = {},
  definition?: GameDefinition,
  characters = new MemoryCharacterRepository(),
): GameServer {
  const pair = createMemoryLinkPair();
  portal = new FakePortal(pair.portal);
  return new GameServer({
    settings: loadSettings({ MUD_DATA_DIR: '/tmp/unused', ...env }, '/'),
    logger: silentLogger(),
    link: pair.server,
    accounts: repository,
    characters,
    rooms: new MemoryRoomRepository(),
    definition: definition ?? { connectionScreen: () => 'WELCOME SCREEN' },
  });
}

/** Connects sessions 1, 2, … and types `create <name> <password>` in each, one name per session. */
function connectAndCreate(names: readonly string[]): void {
  names.forEach((name, i) => {
    portal.send({ t: 'connect', session: syncData(i + 1) });
    portal.send({ t: 'input', sessid: i + 1, frame: ['text', [`create ${name} ${name.toLowerCase()}-secret-1`], {}] });
  });
}

/** A started game server that has been greeted as on a first start. */
async function boot(env: Record<string, string> = {}, definition?: GameDefinition): Promise<GameServer> {
  const server = create(env, definition);
  await server.start();
  await portal.until(() => portal.received.find((m) => m.t === 'ready'));
  portal.send({ t: 'hello', version: LINK_VERSION, kind: 'first', sessions: [], carry: {} });
  return server;
}

beforeEach(() => {
  repository = new MemoryAccountRepository();
});

describe('the link handshake', () => {
  it('refuses a portal that speaks another link version: it closes the link and serves nothing', async () => {
    const server = create();
    let closed = false;
    portal.onClose(() => {
      closed = true;
    });
    await server.start();
    expect(await portal.until(() => portal.received.find((m) => m.t === 'ready'))).toMatchObject({
      version: LINK_VERSION,
    });
    portal.send({ t: 'hello', version: LINK_VERSION + 1, kind: 'first', sessions: [], carry: {} });
    await portal.until(() => closed);
    portal.send({ t: 'connect', session: syncData(1) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(portal.framesFor(1)).toEqual([]);
  });
});

describe('GameServer over the in-memory link', () => {
  it('answers ready, then greets a new connection with the screen and its session state', async () => {
    await boot();
    const session = syncData(1, { connTime: 1_700_000_000_000 });
    portal.send({ t: 'connect', session });
    await portal.until(() => portal.textFor(1).includes('WELCOME SCREEN'));
    expect(portal.framesFor(1)[0]).toEqual([
      'session',
      [],
      { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0, connTime: session.connTime },
    ]);
  });

  it('logs in through a typed command and syncs the new state to the portal', async () => {
    await boot();
    portal.send({ t: 'connect', session: syncData(1) });
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['create Mallory mallory-secret-1'], {}] });
    const sync = await portal.until(() => portal.received.find((m) => m.t === 'sync'));
    expect(sync).toMatchObject({ t: 'sync', session: { sessid: 1, loggedIn: true, cmdTotal: 1 } });
    expect(portal.framesFor(1).some((f) => f[0] === 'logged_in')).toBe(true);
  });

  it('restores a logged-in session from sync data without greeting it again', async () => {
    const account = await repository.create({ name: 'Oscar', passwordHash: 'x', isSuperuser: false });
    const server = create();
    await server.start();
    portal.send({
      t: 'hello',
      version: LINK_VERSION,
      kind: 'reload',
      sessions: [syncData(7, { loggedIn: true, accountId: account.id, cmdTotal: 12 })],
      carry: {},
    });
    portal.send({ t: 'input', sessid: 7, frame: ['text', ['sessions'], {}] });
    await portal.until(() => portal.textFor(7).includes('Sessid'));
    expect(portal.textFor(7)).not.toContain('WELCOME SCREEN');
    // The only message a restored session gets is the restart notice.
    expect(portal.textFor(7).split('\n')[0]).toBe(' ... Server restarted.');
    expect(server.sessions.get(7)?.account?.name).toBe('Oscar');
    expect(server.sessions.get(7)?.cmdTotal).toBe(13);
  });

  it("hands a session's cmdset keys and saved question over in `stopping`, and rebuilds the known ones", async () => {
    const server = await boot();
    connectAndCreate(['Ivy']);
    const session = await portal.until(() => server.sessions.get(1)?.puppet && server.sessions.get(1));
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['charcreate'], {}] });
    await portal.until(() => session.cmdsets.has('CharGen'));
    server.ask(session, 'Sure?', { key: 'chardelete-confirm', data: { characterId: 99 } });
    expect(() => server.ask(session, 'Sure?', { key: 'nobody-answers', data: {} })).toThrow(/nobody-answers/);
    portal.send({ t: 'drain', kind: 'reload' });
    const stopping = await portal.until(() => portal.received.find((m) => m.t === 'stopping'));
    const saved = stopping.t === 'stopping' ? stopping.sessions[0] : undefined;
    expect(saved?.cmdsets).toEqual(['DefaultSession', 'CharGen']);
    expect(saved?.question).toEqual({ key: 'chardelete-confirm', data: { characterId: 99 } });

    // A fresh server: the CharGen menu is rebuilt by key; keys nobody registered are dropped.
    const account = await repository.create({ name: 'Uma', passwordHash: 'x', isSuperuser: false });
    const next = create();
    await next.start();
    portal.send({
      t: 'hello',
      version: LINK_VERSION,
      kind: 'reload',
      carry: {},
      sessions: [
        syncData(7, {
          loggedIn: true,
          accountId: account.id,
          cmdsets: ['DefaultSession', 'Unknown', 'CharGen'],
          question: { key: 'unknown-question', data: {} },
        }),
      ],
    });
    portal.send({ t: 'input', sessid: 7, frame: ['text', ['look'], {}] });
    await portal.until(() => portal.textFor(7).includes('Character creation'));
    expect(next.sessions.get(7)?.cmdsets.keys()).toEqual(['DefaultSession', 'CharGen']);
  });

  it('keeps cmdLastVisible on idle keepalives and updates cmdLast', async () => {
    const server = await boot();
    const old = Date.now() - 60_000;
    portal.send({
      t: 'hello',
      version: LINK_VERSION,
      kind: 'first',
      sessions: [syncData(3, { cmdLast: old, cmdLastVisible: old })],
      carry: {},
    });
    portal.send({ t: 'input', sessid: 3, frame: ['idle', [], {}] });
    const session = await portal.until(() => server.sessions.get(3));
    await portal.until(() => session.cmdLast > old);
    expect(session.cmdLastVisible).toBe(old);
    expect(session.cmdTotal).toBe(0);
    portal.send({ t: 'input', sessid: 3, frame: ['text', ['look'], {}] });
    await portal.until(() => portal.textFor(3).includes('WELCOME SCREEN'));
    expect(session.cmdLastVisible).toBeGreaterThan(old);
    expect(session.cmdTotal).toBe(1);
  });

  it('sends a room message to every listener as one batch, and all output of a turn as one message', async () => {
    await boot({ MUD_CREATION_THROTTLE_LIMIT: '0' });
    const names = ['Ann', 'Bob', 'Cat', 'Dan'];
    connectAndCreate(names);
    await portal.until(() => names.every((_, i) => portal.textFor(i + 1).includes('Limbo')));
    // Let the logins' last output (menus, arrivals) go out first.
    let seen = -1;
    while (seen !== portal.received.length) {
      seen = portal.received.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = portal.received.length;
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['say hello all'], {}] });
    await portal.until(() => portal.textFor(4).includes('Ann says, "hello all"'));
    const outputs = portal.received.slice(before).filter((m) => m.t === 'output');
    expect(outputs).toHaveLength(1);
    const batches = outputs[0]?.t === 'output' ? outputs[0].batches : [];
    expect(batches.map((b) => [...b.sessids].sort())).toEqual([[1], [2, 3, 4]]);
    expect(batches[1]?.frames).toHaveLength(1);
    // The room's copy is chatter, droppable for a lagging reader; the speaker's answer is not
    // (issue 14).
    expect(batches.map((b) => b.chatter === true)).toEqual([false, true]);
    // Both copies say what they are: a player's speech, whose links a client marks
    // (docs/protocol.md#frames-out).
    expect(batches.map((b) => b.frames[0]?.[2])).toEqual([{ type: 'say' }, { type: 'say' }]);
    const posed = portal.received.length;
    portal.send({ t: 'input', sessid: 2, frame: ['text', ['pose waves'], {}] });
    await portal.until(() => portal.textFor(4).includes('Bob waves'));
    const poses = portal.received.slice(posed).flatMap((m) => (m.t === 'output' ? m.batches : []));
    expect(poses.map((b) => b.frames[0]?.[2])).toEqual([{ type: 'pose' }, { type: 'pose' }]);
  });

  it('keeps at most MAX_PROTOCOL_FLAGS client options a session; later new keys are ignored with an error', async () => {
    const server = await boot();
    portal.send({ t: 'connect', session: syncData(4) });
    const options = (frame: number) => Object.fromEntries(Array.from({ length: 32 }, (_, k) => [`f${frame}k${k}`, k]));
    for (let f = 0; f < 4; f++) portal.send({ t: 'input', sessid: 4, frame: ['client_options', [], options(f)] });
    // Updating a key it already keeps is always allowed.
    portal.send({ t: 'input', sessid: 4, frame: ['client_options', [], { f0k0: 'updated', ansi: true }] });
    const errors = await portal.until(() => {
      const found = portal.framesFor(4).filter((f) => f[0] === 'error');
      return found.length === 3 && found;
    });
    for (const e of errors) expect(e[2]).toMatchObject({ code: 'E_INVALID_ARGUMENTS', input: 'client_options' });
    expect(String(errors[0]?.[1][0])).toContain('at most 64; 32 new ones were ignored');
    expect(String(errors[2]?.[1][0])).toContain('1 new one was ignored');
    const session = await portal.until(() => server.sessions.get(4));
    expect(Object.keys(session.protocolFlags)).toHaveLength(Limits.clientOptions.perSession);
    expect(session.protocolFlags).toMatchObject({ f0k0: 'updated', f1k31: 31 });
    expect(session.protocolFlags).not.toHaveProperty('f2k0');
    expect(session.protocolFlags).not.toHaveProperty('ansi');
    // What the portal is sent on a sync is as bounded.
    portal.send({ t: 'input', sessid: 4, frame: ['text', ['create Flagger flagger-secret-1'], {}] });
    const sync = await portal.until(() => portal.received.find((m) => m.t === 'sync' && m.session.sessid === 4));
    expect(sync.t === 'sync' && Object.keys(sync.session.protocolFlags)).toHaveLength(Limits.clientOptions.perSession);
  });

  it('quit asks the portal to close the session and forgets it', async () => {
    await boot();
    portal.send({ t: 'connect', session: syncData(2) });
    portal.send({ t: 'input', sessid: 2, frame: ['text', ['quit'], {}] });
    const bye = await portal.until(() => portal.received.find((m) => m.t === 'disconnect'));
    expect(bye).toMatchObject({ t: 'disconnect', sessid: 2 });
  });
});

describe('game definitions', () => {
  class CmdPing extends Command {
    readonly key = 'ping';
    override readonly aliases = ['p'];
    func(): void {
      this.msg(`pong ${this.args} from ${this.ctx.account?.name}`);
    }
  }

  it("adds an author's command to the account cmdset, as the README shows", async () => {
    await boot(
      {},
      {
        connectionScreen: () => 'WELCOME SCREEN',
        cmdsets: { account: (defaults) => defaults.add(new CmdPing()) },
      },
    );
    portal.send({ t: 'connect', session: syncData(1) });
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['ping'], {}] });
    await portal.until(() => portal.textFor(1).includes('"ping" is not available'));
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['create Peggy peggy-secret-1'], {}] });
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['p hello'], {}] });
    await portal.until(() => portal.textFor(1).includes('pong hello from Peggy'));
  });

  it('a command added to or removed from a cmdset in play counts from the next line (merges are cached)', async () => {
    const server = await boot();
    connectAndCreate(['Nia']);
    const account = await portal.until(() => server.sessions.get(1)?.puppet && server.sessions.get(1)?.account);
    const line = (text: string) => portal.send({ t: 'input', sessid: 1, frame: ['text', [text], {}] });
    const count = (text: string) => portal.textFor(1).split(text).length - 1;
    line('ping one');
    await portal.until(() => count('"ping" is not available') === 1);
    account.cmdsets.get('DefaultAccount')?.add(new CmdPing());
    line('ping two');
    await portal.until(() => portal.textFor(1).includes('pong two from Nia'));
    account.cmdsets.get('DefaultAccount')?.remove('ping');
    line('ping three');
    await portal.until(() => count('"ping" is not available') === 2);
  });

  it('a tie merge that keeps both same-named commands gives the multimatch answer (issue 12)', async () => {
    class CmdDance extends Command {
      readonly key = 'dance';
      constructor(private readonly style: string) {
        super();
      }
      func(): void {
        this.msg(`You dance the ${this.style}.`);
      }
    }
    const server = await boot();
    connectAndCreate(['Dora']);
    const account = await portal.until(() => server.sessions.get(1)?.puppet && server.sessions.get(1)?.account);
    // Two sets of equal priority that keep duplicates: Evennia's merge keeps both `dance`s.
    account.cmdsets.add(new CmdSet({ key: 'Waltz', priority: 5, duplicates: true, commands: [new CmdDance('waltz')] }));
    account.cmdsets.add(new CmdSet({ key: 'Tango', priority: 5, duplicates: true, commands: [new CmdDance('tango')] }));
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['dance'], {}] });
    await portal.until(() => portal.textFor(1).includes('More than one command matches "dance"'));
    expect(portal.textFor(1)).not.toContain('You dance');
    // Without the tie (different priorities) the higher set's command simply wins.
    account.cmdsets.remove('Waltz');
    account.cmdsets.add(new CmdSet({ key: 'Waltz', priority: 4, duplicates: true, commands: [new CmdDance('waltz')] }));
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['dance'], {}] });
    await portal.until(() => portal.textFor(1).includes('You dance the tango.'));
  });

  it('uses a replaced session class (SERVER_SESSION_CLASS)', async () => {
    class LoudSession extends ServerSession {
      override msg(text: string): void {
        super.msg(text.toUpperCase());
      }
    }
    const server = await boot({}, { connectionScreen: () => 'welcome screen', sessionClass: LoudSession });
    portal.send({ t: 'connect', session: syncData(4) });
    await portal.until(() => portal.textFor(4).includes('WELCOME SCREEN'));
    expect(server.sessions.get(4)).toBeInstanceOf(LoudSession);
  });
});

describe('commands without a session (docs/sessions.md#message-routing)', () => {
  class CmdWhoAsked extends Command {
    readonly key = 'whoasked';
    func(): void {
      this.msg(`asked by ${this.session ? `session ${this.session.sessid}` : 'no session'}`);
    }
  }

  it('game.execute runs a line as a character: command.session is undefined, msg answers the character', async () => {
    const server = await boot(
      { MUD_CREATION_THROTTLE_LIMIT: '0' },
      {
        connectionScreen: () => 'WELCOME SCREEN',
        cmdsets: { character: (defaults) => defaults.add(new CmdWhoAsked()) },
      },
    );
    connectAndCreate(['Hana', 'Ivo']);
    const hana = await portal.until(() => server.sessions.get(1)?.puppet);
    await portal.until(() => server.sessions.get(2)?.puppet);
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['whoasked'], {}] });
    await portal.until(() => portal.textFor(1).includes('asked by session 1'));

    await server.execute(hana, 'whoasked');
    await portal.until(() => portal.textFor(1).includes('asked by no session'));
    await server.execute(hana, 'say spoken by a script');
    await portal.until(() => portal.textFor(2).includes('Hana says, "spoken by a script"'));
    await portal.until(() => portal.textFor(1).includes('You say, "spoken by a script"'));
    expect(portal.textFor(2)).not.toContain('asked by');

    // With nobody puppeting it, the character still acts; its answers reach no one.
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['ooc'], {}] });
    await portal.until(() => !server.sessions.get(1)?.puppet);
    await server.execute(hana, 'whoasked');
    // A later answer to session 1 has arrived, so an answer to the script would have too.
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['sessions'], {}] });
    await portal.until(() => portal.textFor(1).includes('Sessid'));
    expect(portal.textFor(1).match(/asked by no session/g)).toHaveLength(1);
  });
});

describe('the world', () => {
  it('creates rooms and moves characters: both rooms are told, the location is stored', async () => {
    const characters = new MemoryCharacterRepository();
    const server = create({ MUD_CREATION_THROTTLE_LIMIT: '0' }, undefined, characters);
    await server.start();
    portal.send({ t: 'hello', version: LINK_VERSION, kind: 'first', sessions: [], carry: {} });
    connectAndCreate(['Eve', 'Fay', 'Gus']);
    const eve = await portal.until(() => server.sessions.get(1)?.puppet);
    await portal.until(() => server.sessions.get(2)?.puppet && server.sessions.get(3)?.puppet);
    const hall = await server.world.createRoom('Hall', 'A long hall.');
    await server.world.move(eve, hall);
    expect(eve.location).toBe(hall);
    expect((await characters.findById(eve.id))?.locationId).toBe(hall.id);
    await portal.until(() => portal.textFor(2).includes('Eve leaves.'));
    portal.send({ t: 'input', sessid: 1, frame: ['text', ['look'], {}] });
    await portal.until(() => portal.textFor(1).includes('A long hall.'));
    // Fay moves in: Eve, already there, sees her arrive; Gus, left behind, sees her leave.
    const fay = server.sessions.get(2)?.puppet;
    if (fay) await server.world.move(fay, hall);
    await portal.until(() => portal.textFor(1).includes('Fay arrives.') && portal.textFor(3).includes('Fay leaves.'));
    expect(server.world.allRooms().map((r) => r.name)).toEqual(['Limbo', 'Hall']);
  });
});
