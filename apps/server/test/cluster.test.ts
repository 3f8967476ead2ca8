/**
 * The cluster on one machine (docs/cluster.md): a private NATS server with JetStream, one
 * game-server host and two portals, each a real process. Sessions live across portals (unique
 * sessids, `who`, mode 2's take-over); input typed while the game server reloads or after a kill -9
 * is held in the stream and answered afterwards, in order; a portal killed with -9 drops only its
 * own connections, and they resume through the other portal.
 */
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { clusterSuite, expectSaidInOrder } from './clusterSupport.js';
import { RELAXED_LIMITS } from './support.js';

const suite = clusterSuite({ portals: 2, env: { MUD_MULTISESSION_MODE: '2', MUD_RESUME_GRACE: '60' } });
const { track, portal } = suite;

describe('a cluster of two portals and a game-server host', () => {
  let admin: TestClient;
  /** Petra's sessions on portal 1 and on portal 2. */
  let petra: [number, number];

  it('shares sessions across portals: unique sessids, who, and mode 2 taking a character over', async () => {
    admin = track(await createAccount(portal(1), 'Root', 'root-secret-1'));
    await admin.command('charcreate Rooty', 'Created');
    await admin.command('ic Rooty', 'You become Rooty');

    const a = track(await createAccount(portal(1), 'Petra', 'petra-secret-1'));
    await a.command('charcreate Anna', 'Created');
    await a.command('ic Anna', 'You become Anna');
    const b = track(await login(portal(2), 'Petra', 'petra-secret-1'));
    const sidA = a.last('session')?.[2].sessid;
    const sidB = b.last('session')?.[2].sessid;
    expect(sidA).toBeTypeOf('number');
    expect(sidB).toBeTypeOf('number');
    expect(sidA).not.toBe(sidB);
    petra = [sidA as number, sidB as number];

    // Both portals' sessions are one game: who and sessions see them all.
    const who = await b.command('who', 'logged in.');
    expect(who).toMatch(/Root/);
    expect(who).toMatch(/Petra/);
    const sessions = await b.command('sessions', 'Sessid');
    expect(sessions).toContain(String(sidA));
    expect(sessions).toContain(String(sidB));

    // The room is one room: a say on portal 1 reaches a listener on portal 2's... and back.
    const heard = admin.frames.length;
    await a.command('say hello from portal one', 'You say');
    await admin.waitForText('Anna says, "hello from portal one"', heard);

    // Take-over from the other portal.
    const c = a.frames.length;
    expect(await b.command('ic Anna', 'Taking over')).toBe('Taking over Anna from another of your sessions.');
    await a.waitForText('Anna is now acted from another of your sessions.', c);
    await a.waitForState('session', (f) => f[2].puppet === null);
    await b.waitForState('session', (f) => f[2].puppet === 'Anna');
  });

  it('feeds the admin view with every portal’s sessions, each on its portal, over NATS', async () => {
    type Row = { sessid: number; account: string | null; portal: string };
    const from = admin.frames.length;
    admin.send(['admin', ['subscribe'], {}]);
    const snapshot = await admin.waitForFrame('admin', from);
    expect(snapshot[1][0]).toBe('snapshot');
    // The table as the page keeps it: the snapshot's rows, then each pushed change.
    const portalOf = (sessid: number) => {
      let portal: string | undefined;
      for (const frame of admin.frames.slice(from)) {
        if (frame[0] !== 'admin') continue;
        const data = frame[2] as { sessions?: Row[]; upsert?: Row[] };
        for (const row of [...(data.sessions ?? []), ...(data.upsert ?? [])]) {
          if (row.sessid === sessid) portal = row.portal;
        }
      }
      return portal;
    };
    await admin.waitFor(
      () => portalOf(petra[0]) === 'portal-1' && portalOf(petra[1]) === 'portal-2',
      'each of Petra’s sessions shown on its own portal',
    );
    const portals = await admin.waitFor(() => {
      const frames = admin.frames.slice(from).filter((f) => f[0] === 'admin');
      const ids = frames.flatMap((f) => (f[2] as { health?: { portals: { id: string }[] } }).health?.portals ?? []);
      const unique = [...new Set(ids.map((p) => p.id))].sort();
      return unique.length === 2 ? unique : undefined;
    }, 'both portals in the health panel');
    expect(portals).toEqual(['portal-1', 'portal-2']);
    admin.send(['admin', ['unsubscribe'], {}]);
  });

  it('refuses to start a portal whose id another running portal has', async () => {
    const copy = GameProcess.start({
      env: { ...RELAXED_LIMITS, MUD_ROLE: 'portal', MUD_NATS_URL: suite.cluster.nats.url, MUD_PORTAL_ID: 'portal-2' },
    });
    await expect(copy).rejects.toThrow(
      /exited with 2[\s\S]*MUD_PORTAL_ID portal-2 is in use by another running portal/,
    );
  });

  it('holds input typed during a reload and a kill -9 of the game server, and answers it in order', async () => {
    const from = admin.frames.length;
    admin.line('reload');
    const reloadLines = ['r1', 'r2', 'r3', 'r4', 'r5'];
    for (const line of reloadLines) admin.line(`say ${line}`);
    await admin.waitForText('Server restarted', from, 60_000);
    await admin.waitForText('You say, "r5"', from, 60_000);
    expectSaidInOrder(admin, from, reloadLines);

    const gamePid = await suite.cluster.host.gamePid();
    const killed = admin.frames.length;
    process.kill(gamePid, 'SIGKILL');
    await suite.cluster.host.waitFor((h) => h.server !== 'up' || h.serverPid !== gamePid, 'noticed the crash');
    const crashLines = ['k1', 'k2', 'k3'];
    for (const line of crashLines) admin.line(`say ${line}`);
    await admin.waitForText('You say, "k3"', killed, 60_000);
    expectSaidInOrder(admin, killed, crashLines);
    // Still logged in and still Rooty, on a new game server.
    expect((await suite.cluster.host.gamePid()) === gamePid).toBe(false);
    await admin.waitForState('session', (f) => f[2].puppet === 'Rooty');
    expect(await admin.command('look', 'Limbo')).toContain('Limbo');
  });

  it('a portal killed with -9 drops only its own connections; they resume through the other portal', async () => {
    const roamer = track(await createAccount(portal(1), 'Roamer', 'roamer-secret-1'));
    await roamer.command('charcreate Ranger', 'Created');
    await roamer.command('ic Ranger', 'You become Ranger');
    const state = roamer.last('session')?.[2];
    const token = roamer.last('resume_token')?.[2].token;
    expect(token).toBeTypeOf('string');
    const stayer = track(await login(portal(2), 'Petra', 'petra-secret-1'));

    await portal(1).stop('SIGKILL');
    await roamer.closed;
    // Portal 2's players play on.
    await stayer.command('who', 'logged in.');

    const back = track(await connect(portal(2)));
    const from = back.frames.length;
    back.send(['resume', [], { token: token as string }]);
    const resumed = await back.waitForFrame('resumed', from);
    expect(resumed[2].sessid).toBe(state?.sessid);
    const restated = await back.waitForState('session', (f) => f[2].sessid === state?.sessid);
    expect(restated[2]).toMatchObject({ loggedIn: true, account: 'Roamer', puppet: 'Ranger' });
    await back.waitForFrame('resume_token', from);
    // The resumed session plays through portal 2 now.
    const mark = back.frames.length;
    back.line('say still here');
    await back.waitForText('You say, "still here"', mark);
    const sessions = await back.command('sessions', 'Sessid');
    expect(sessions).toMatch(new RegExp(`^${state?.sessid}\\*\\s+websocket`, 'm'));
  });
});
