/**
 * The admin view over a raw websocket against the real processes (issue 16): a hand-made admin
 * frame from an ordinary account is refused with E_NOT_PERMITTED and gets nothing else; the
 * superuser's feed carries what the game server and the portal know; during a reload the portal
 * itself tells the watcher the state, and the feed carries on afterwards.
 */
import { type AdminOut, ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const ROOT = { name: 'Root', password: 'root-admin-secret-7' };
const suite = gameSuite({ MUD_SUPERUSER_NAME: ROOT.name, MUD_SUPERUSER_PASSWORD: ROOT.password });

async function client(how: 'login' | 'create', name: string, password = passwordFor(name)): Promise<TestClient> {
  const c = suite.track(await TestClient.connect(suite.game.wsUrl));
  await c.waitForSession();
  await c.enter(how, name, password);
  return c;
}

const adminFrames = (c: TestClient, kind?: string, from = 0) =>
  c.frames.slice(from).filter((f): f is AdminOut => f[0] === 'admin' && (kind === undefined || f[1][0] === kind));

describe('the admin view over a raw websocket', () => {
  it('refuses hand-made admin frames from an ordinary account, and sends it nothing else', async () => {
    const root = await client('login', ROOT.name, ROOT.password);
    const name = uniqueName('Mallory');
    const mallory = await client('create', name);
    const rootSessid = root.last('session')?.[2].sessid;
    expect(rootSessid).toBeGreaterThan(0);
    const from = mallory.frames.length;
    mallory.send(['admin', ['subscribe'], {}]);
    mallory.send(['admin', ['boot'], { sessid: rootSessid ?? 1, reason: 'mine now' }]);
    mallory.send(['admin', ['restart'], { kind: 'reset' }]);
    // The answers to a command sent after them mark the end of what they could have caused.
    await mallory.command('who', 'logged in.');
    const refusals = mallory.frames
      .slice(from)
      .filter((f) => f[0] === 'error' && f[2].input === 'admin')
      .map((f) => f[0] === 'error' && f[2].code);
    expect(refusals).toEqual([ErrorCode.NotPermitted, ErrorCode.NotPermitted, ErrorCode.NotPermitted]);
    expect(adminFrames(mallory)).toEqual([]);
    expect(mallory.text()).not.toMatch(/restart|reset initiated/i);
    // The superuser is still here and was not booted.
    await root.command('who', 'logged in.');
    expect(root.closeCode).toBeUndefined();
    expect((await suite.game.health()).server).toBe('up');
    mallory.close();
    root.close();
  });

  it('feeds the superuser sessions (with the portal), health and incidents; a granted account is fed too', async () => {
    const root = await client('login', ROOT.name, ROOT.password);
    root.send(['admin', ['subscribe'], {}]);
    const snapshot = await root.waitFor(() => adminFrames(root, 'snapshot')[0], 'a snapshot');
    const snap = snapshot[2] as Extract<AdminOut, ['admin', ['snapshot'], unknown]>[2];
    const rootSessid = root.last('session')?.[2].sessid;
    expect(snap.sessions).toContainEqual(
      expect.objectContaining({ sessid: rootSessid, account: ROOT.name, protocol: 'websocket', portal: 'local' }),
    );
    expect(snap.health.portals).toEqual([expect.objectContaining({ id: 'local' })]);
    // The charts' points: in the snapshot, or pushed with the health every 2 s (a game that has
    // just started has taken none yet).
    await root.waitFor(
      () =>
        snap.history.length > 0 ||
        adminFrames(root, 'health').some((f) => (f[2] as { samples: unknown[] }).samples.length > 0),
      'health samples',
    );

    const name = uniqueName('Gwen');
    const gwen = await client('create', name);
    const row = await root.waitFor(
      () =>
        adminFrames(root, 'sessions')
          .flatMap((f) => (f[2] as { upsert: { account: string | null; puppet: string | null }[] }).upsert)
          .find((r) => r.account === name),
      'Gwen in the table',
    );
    expect(row).toMatchObject({ account: name, puppet: name });
    // A malformed frame from Gwen is an incident the watcher sees, with her account.
    gwen.sendRaw('{not json');
    await root.waitFor(
      () =>
        adminFrames(root, 'incidents')
          .flatMap((f) => (f[2] as { incidents: { name: string; account: string | null }[] }).incidents)
          .find((i) => i.name === 'frame-refused' && i.account === name),
      'the refused frame as an incident',
    );

    await root.command(`perm ${name} = Admin`, `Permission Admin given to ${name}.`);
    gwen.send(['admin', ['subscribe'], {}]);
    await gwen.waitFor(() => adminFrames(gwen, 'snapshot')[0], 'Gwen watches');
    gwen.close();
    root.close();
  });

  it('tells a watcher the state through a reload (reloading, then up) and feeds it after', async () => {
    const root = await client('login', ROOT.name, ROOT.password);
    root.send(['admin', ['subscribe'], {}]);
    await root.waitFor(() => adminFrames(root, 'snapshot')[0], 'a snapshot');
    const from = root.frames.length;
    root.send(['admin', ['restart'], { kind: 'reload' }]);
    await root.waitFor(
      () => adminFrames(root, 'done', from).find((f) => (f[2] as { ok: boolean }).ok),
      'the reload acknowledged',
    );
    const states = () => adminFrames(root, 'state', from).map((f) => (f[2] as { state: string }).state);
    await root.waitFor(() => states().includes('reloading') && states().includes('up'), 'reloading, then up');
    expect(states().indexOf('reloading')).toBeLessThan(states().lastIndexOf('up'));
    await root.waitForText('Server restarted', from);
    // The new game server carries the feed on: a fresh snapshot, from a new process.
    await root.waitFor(() => adminFrames(root, 'snapshot', from)[0], 'a snapshot after the reload');
    // The reload is in the history, by whom, once the portal's report reaches the new game server
    // (it follows `hello`; the snapshot may be made before it is read): a snapshot or a health push.
    type Health = { health?: { restarts: { kind: string; by: string | null }[] } };
    const latest = () =>
      [...adminFrames(root, 'snapshot', from), ...adminFrames(root, 'health', from)]
        .map((f) => (f[2] as Health).health?.restarts.at(-1))
        .find((r) => r?.kind === 'reload');
    expect(await root.waitFor(latest, 'the reload in the restart history')).toMatchObject({
      kind: 'reload',
      by: ROOT.name,
    });
    root.close();
  });

  it('serves /admin as the web client (built by npm test), under the same policy', async () => {
    const response = await fetch(`${suite.game.url}/admin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('<div id="root">');
  });
});
