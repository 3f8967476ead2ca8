/**
 * The admin view on the game server (issue 16), over the in-memory link: who may watch, what a
 * watcher is pushed, the actions, and `perm`. Every message the server sends is checked against
 * the link's schema, so an admin frame that the clients' checker would drop fails here.
 */
import {
  type AdminOut,
  ErrorCode,
  initialSyncData,
  isServerToPortal,
  LINK_VERSION,
  type OutboundFrame,
  type PortalReport,
  type PortalToServer,
  type ServerToPortal,
  type SessionSyncData,
} from '@mud/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAccountRepository } from '../../accounts/MemoryAccountRepository.js';
import { loadSettings } from '../../config.js';
import { IncidentRing } from '../../incidentRing.js';
import { createMemoryLinkPair } from '../../link/MemoryLink.js';
import { silentLogger } from '../../logger.js';
import { MemoryCharacterRepository } from '../../objects/MemoryCharacterRepository.js';
import { MemoryRoomRepository } from '../../objects/MemoryRoomRepository.js';
import { captureLogger } from '../../testing/captureLogger.js';
import { GameServer } from '../GameServer.js';

const sync = (sessid: number, extra: Partial<SessionSyncData> = {}): SessionSyncData => ({
  ...initialSyncData(sessid, `10.0.0.${sessid}`, 'websocket', Date.now()),
  ...extra,
});

class Portal {
  readonly received: ServerToPortal[] = [];
  readonly invalid: unknown[] = [];
  constructor(private readonly link: ReturnType<typeof createMemoryLinkPair>['portal']) {
    link.onMessage((m) => {
      if (!isServerToPortal(m)) this.invalid.push(m);
      this.received.push(m);
    });
  }
  send(message: PortalToServer): void {
    this.link.send(message);
  }
  frames(sessid: number): OutboundFrame[] {
    return this.received.flatMap((m) =>
      m.t === 'output' ? m.batches.flatMap((b) => (b.sessids.includes(sessid) ? b.frames : [])) : [],
    );
  }
  admin(sessid: number, kind?: string): AdminOut[] {
    return this.frames(sessid).filter(
      (f): f is AdminOut => f[0] === 'admin' && (kind === undefined || f[1][0] === kind),
    );
  }
  text(sessid: number): string {
    return this.frames(sessid)
      .filter((f) => f[0] === 'text')
      .map((f) => String(f[1][0]).replace(/\x1b\[[0-9;]*m/g, ''))
      .join('\n');
  }
  async until<T>(fn: () => T | undefined | false, what = 'condition'): Promise<T> {
    for (let i = 0; i < 400; i++) {
      const v = fn();
      if (v) return v;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${what} never held`);
  }
  typed(sessid: number, line: string): void {
    this.send({ t: 'input', sessid, frame: ['text', [line], {}] });
  }
  adminFrame(sessid: number, frame: PortalToServer & { t: 'input' } extends { frame: infer F } ? F : never): void {
    this.send({ t: 'input', sessid, frame });
  }
}

let portal: Portal;
const incidents = new IncidentRing('server');

async function boot(
  logger = silentLogger(),
  sessions: SessionSyncData[] = [],
  repository = new MemoryAccountRepository(),
) {
  const pair = createMemoryLinkPair();
  portal = new Portal(pair.portal);
  const server = new GameServer({
    settings: loadSettings({ MUD_DATA_DIR: '/tmp/unused', MUD_MULTISESSION_MODE: '1' }, '/'),
    logger,
    link: pair.server,
    accounts: repository,
    characters: new MemoryCharacterRepository(),
    rooms: new MemoryRoomRepository(),
    definition: { connectionScreen: () => 'WELCOME' },
    incidents,
    adminTickMs: 30,
  });
  await server.start();
  await portal.until(() => portal.received.find((m) => m.t === 'ready'));
  portal.send({ t: 'hello', version: LINK_VERSION, kind: sessions.length ? 'reload' : 'first', sessions, carry: {} });
  return { server, repository };
}

/** Connects `sessid` and creates `name` in it (the first account created is the superuser). */
async function player(sessid: number, name: string): Promise<void> {
  portal.send({ t: 'connect', session: sync(sessid) });
  portal.typed(sessid, `create ${name} ${name.toLowerCase()}-secret-1`);
  await portal.until(() => portal.text(sessid).includes(`You are logged in as ${name}`), `${name} logged in`);
}

const refusals = (sessid: number) =>
  portal
    .frames(sessid)
    .filter((f) => f[0] === 'error' && f[2].code === ErrorCode.NotPermitted && f[2].input === 'admin');

beforeEach(() => {
  portal = undefined as unknown as Portal;
});

describe('who may use the admin view', () => {
  it('refuses every admin frame from an ordinary account, or no account, with E_NOT_PERMITTED and nothing else', async () => {
    const { logger, records } = captureLogger('info');
    await boot(logger);
    await player(1, 'Root');
    await player(2, 'Bob');
    portal.send({ t: 'connect', session: sync(3) });
    const before = portal.received.length;
    portal.adminFrame(2, ['admin', ['subscribe'], {}]);
    portal.adminFrame(2, ['admin', ['boot'], { sessid: 1, reason: 'mine now' }]);
    portal.adminFrame(2, ['admin', ['restart'], { kind: 'reload' }]);
    portal.adminFrame(2, ['admin', ['announce'], { text: 'hi all' }]);
    portal.adminFrame(3, ['admin', ['subscribe'], {}]);
    await portal.until(() => refusals(2).length === 4 && refusals(3).length === 1, 'the refusals');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(portal.admin(2)).toEqual([]);
    expect(portal.admin(3)).toEqual([]);
    expect(portal.admin(1)).toEqual([]);
    const after = portal.received.slice(before);
    expect(after.filter((m) => m.t === 'disconnect' || m.t === 'request-restart')).toEqual([]);
    expect(after.filter((m) => m.t === 'sync' && m.session.adminFeed)).toEqual([]);
    expect(portal.text(1)).not.toContain('hi all');
    // One incident per session however many frames (REFUSAL_LOG_MS), with who it was.
    const refused = records().filter((r) => r.incident === 'admin-refused');
    expect(refused.map((r) => [r.sessid, r.account])).toEqual([
      [2, 'Bob'],
      [3, undefined],
    ]);
    expect(portal.invalid).toEqual([]);
  });
});

describe('a watcher of the admin view', () => {
  it('gets a snapshot, then sessions pushed as they come, change and go, and the portal learns it watches', async () => {
    await boot();
    await player(1, 'Root');
    portal.adminFrame(1, ['admin', ['subscribe'], {}]);
    const snapshot = await portal.until(() => portal.admin(1, 'snapshot')[0]);
    expect(snapshot[2]).toMatchObject({
      account: 'Root',
      sessions: [
        { sessid: 1, account: 'Root', puppet: 'Root', protocol: 'websocket', address: '10.0.0.1', portal: 'local' },
      ],
    });
    await portal.until(() =>
      portal.received.find((m) => m.t === 'sync' && m.session.sessid === 1 && m.session.adminFeed),
    );

    await player(2, 'Bob');
    const rowOf = (sessid: number) =>
      portal
        .admin(1, 'sessions')
        .flatMap((f) =>
          f[1][0] === 'sessions' ? (f[2] as { upsert: { sessid: number; account: string | null }[] }).upsert : [],
        )
        .filter((r) => r.sessid === sessid);
    await portal.until(() => rowOf(2).some((r) => r.account === 'Bob'), 'Bob in the table');
    expect(rowOf(2).at(-1)).toMatchObject({ account: 'Bob', puppet: 'Bob', address: '10.0.0.2' });

    portal.send({ t: 'disconnect', sessid: 2, reason: 'gone' });
    await portal.until(
      () => portal.admin(1, 'sessions').some((f) => (f[2] as { remove: number[] }).remove.includes(2)),
      'Bob removed',
    );
    // Health is pushed too, with what the portal reported.
    const report: PortalReport = {
      t: 'report',
      portalId: 'edge-1',
      pid: 4242,
      startedAt: 1,
      memory: { rss: 50_000_000, heapUsed: 20_000_000 },
      samples: [
        {
          at: 2,
          portal: 'edge-1',
          state: 'up',
          sessions: 1,
          commandsPerSecond: 0.5,
          portalRss: 50_000_000,
          serverRss: 60_000_000,
        },
      ],
      restarts: [{ at: 1, kind: 'first', by: null, ms: null }],
      incidents: [
        {
          id: 'edge-1:1',
          at: 3,
          count: 2,
          name: 'frame-refused',
          source: 'edge-1',
          message: 'x',
          sessid: 1,
          address: '10.0.0.1',
          account: null,
        },
      ],
    };
    portal.send(report);
    const health = await portal.until(() =>
      portal.admin(1, 'health').find((f) => (f[2] as { samples: unknown[] }).samples.length > 0),
    );
    expect(health[2]).toMatchObject({
      health: { state: 'up', portals: [{ id: 'edge-1', pid: 4242 }], restarts: [{ kind: 'first' }] },
      samples: [{ sessions: 1, commandsPerSecond: 0.5 }],
    });
    const pushed = await portal.until(() => portal.admin(1, 'incidents').at(-1));
    // The portal knew the session only; the game server adds whose it is.
    expect(pushed[2]).toMatchObject({ incidents: [{ id: 'edge-1:1', account: 'Root', count: 2 }] });
    // The game server reports its own memory to the portal for the samples.
    expect(portal.received.some((m) => m.t === 'health' && m.memory.rss > 0)).toBe(true);
    expect(portal.invalid).toEqual([]);
  });

  it('boots a session with a reason the player sees, messages everyone, asks for a reload; each logged with who', async () => {
    const { logger, records } = captureLogger('info');
    await boot(logger);
    await player(1, 'Root');
    await player(2, 'Bob');
    portal.adminFrame(1, ['admin', ['boot'], { sessid: 1, reason: 'x' }]);
    portal.adminFrame(1, ['admin', ['boot'], { sessid: 99, reason: 'x' }]);
    portal.adminFrame(1, ['admin', ['announce'], { text: 'Dinner is served' }]);
    portal.adminFrame(1, ['admin', ['boot'], { sessid: 2, reason: 'spamming the square' }]);
    const done = await portal.until(() => portal.admin(1, 'done').length === 4 && portal.admin(1, 'done'));
    expect(done.map((f) => f[2])).toMatchObject([
      { action: 'boot', ok: false },
      { action: 'boot', ok: false },
      { action: 'announce', ok: true },
      { action: 'boot', ok: true },
    ]);
    const booted = await portal.until(() => portal.received.find((m) => m.t === 'disconnect' && m.sessid === 2));
    expect(booted).toMatchObject({ reason: expect.stringMatching(/booted by Root.*Reason: spamming the square/) });
    expect(portal.text(2)).toContain('[Announcement from Root] Dinner is served');

    portal.adminFrame(1, ['admin', ['restart'], { kind: 'reload' }]);
    await portal.until(() =>
      portal.received.find((m) => m.t === 'request-restart' && m.kind === 'reload' && m.by === 'Root'),
    );
    const actions = records().filter((r) => r.incident === 'admin-action');
    expect(actions.map((r) => [r.account, r.action])).toEqual([
      ['Root', 'announce'],
      ['Root', 'boot'],
      ['Root', 'reload'],
    ]);
  });

  it('goes on watching after a restart if the account still may; is unmarked if not', async () => {
    const repository = new MemoryAccountRepository();
    const root = await repository.create({ name: 'Root', passwordHash: 'x', isSuperuser: true });
    const bob = await repository.create({ name: 'Bob', passwordHash: 'x', isSuperuser: false });
    const watched = (sessid: number, accountId: number) => sync(sessid, { loggedIn: true, accountId, adminFeed: true });
    await boot(silentLogger(), [watched(1, root.id), watched(2, bob.id)], repository);
    await portal.until(() => portal.admin(1, 'snapshot').length === 1, 'a fresh snapshot for Root');
    await portal.until(() =>
      portal.received.find((m) => m.t === 'sync' && m.session.sessid === 2 && m.session.adminFeed === undefined),
    );
    expect(portal.admin(2)).toEqual([]);
  });
});

describe('perm (issue 16)', () => {
  it('grants Admin, which opens the feed and shows in look; revoking ends the feed at once', async () => {
    const { repository } = await boot();
    await player(1, 'Root');
    await player(2, 'Bob');
    portal.typed(2, 'perm Root = Admin');
    await portal.until(() => portal.text(2).includes('Command "perm" is not available'), 'perm refused to Bob');

    portal.typed(1, 'perm Bob = admin');
    await portal.until(() => portal.text(1).includes('Permission Admin given to Bob.'));
    expect(portal.text(2)).toContain('Root gave you the permission Admin.');
    expect((await repository.findByName('Bob'))?.account.permissions).toEqual(['Admin']);
    portal.typed(1, 'perm Bob');
    await portal.until(() => portal.text(1).includes('Permissions of Bob: Admin.'));
    portal.typed(2, 'ooc');
    portal.typed(2, 'look');
    await portal.until(() => portal.text(2).includes('Permissions: Admin'));

    portal.adminFrame(2, ['admin', ['subscribe'], {}]);
    await portal.until(() => portal.admin(2, 'snapshot').length === 1, 'Bob watches');

    portal.typed(1, 'perm/del Bob = Admin');
    await portal.until(() => refusals(2).length === 1, 'Bob told the permission went');
    await portal.until(
      () =>
        portal.received.findLast((m) => m.t === 'sync' && m.session.sessid === 2)?.t === 'sync' &&
        portal.received.findLast(
          (m): m is Extract<ServerToPortal, { t: 'sync' }> => m.t === 'sync' && m.session.sessid === 2,
        )?.session.adminFeed === undefined,
    );
    const pushedBefore = portal.admin(2).length;
    portal.typed(1, 'say something new');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(portal.admin(2).length).toBe(pushedBefore);
    portal.adminFrame(2, ['admin', ['subscribe'], {}]);
    await portal.until(() => refusals(2).length === 2);

    portal.typed(1, 'perm Bob = Wizard');
    await portal.until(() => portal.text(1).includes('No permission "Wizard".'));
    portal.typed(1, 'perm Nobody = Admin');
    await portal.until(() => portal.text(1).includes('No account "Nobody".'));
    portal.typed(1, 'perm/del Bob = Admin');
    await portal.until(() => portal.text(1).includes('Bob does not have the permission Admin.'));
  });
});
