/**
 * The multisession modes across a cluster's portals (docs/cluster.md#sessions): mode 0's new
 * login kicks the old session on the other portal; mode 1 shares one character between sessions on
 * two portals, a command typed on one answering on both.
 */
import { CloseCode } from '@mud/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterProcess } from '../src/testing/ClusterProcess.js';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { RELAXED_LIMITS } from './support.js';

let cluster: ClusterProcess | undefined;
const open: TestClient[] = [];
const track = (client: TestClient) => {
  open.push(client);
  return client;
};
afterEach(async () => {
  for (const client of open.splice(0)) client.close();
  await cluster?.stop();
  cluster = undefined;
});

async function start(mode: string): Promise<ClusterProcess> {
  cluster = await ClusterProcess.start({ portals: 2, env: { ...RELAXED_LIMITS, MUD_MULTISESSION_MODE: mode } });
  return cluster;
}

describe('multisession modes across portals', () => {
  it('mode 0: a login through one portal kicks the session on the other', async () => {
    const [one, two] = (await start('0')).portals as [never, never];
    const first = track(await createAccount(one, 'Carol', 'carol-secret-1'));
    await first.waitForState('session', (f) => f[2].puppet === 'Carol');
    const second = track(await login(two, 'Carol', 'carol-secret-1'));
    expect(await first.closed).toBe(CloseCode.Normal);
    expect(first.text()).toContain('logged in from elsewhere');
    const state = await second.waitForState('session', (f) => f[2].puppet === 'Carol');
    expect(await second.command('sessions', 'Sessid')).toMatch(
      new RegExp(`${state[2].sessid}\\*\\s+websocket\\s+\\S+\\s+Carol\\s+Limbo`),
    );
  }, 120_000);

  it('mode 1: two portals share one character; a command on one answers on both', async () => {
    const [one, two] = (await start('1')).portals as [never, never];
    const a = track(await createAccount(one, 'Mira', 'mira-secret-12'));
    await a.waitForState('session', (f) => f[2].puppet === 'Mira');
    const a1 = a.frames.length;
    const b = track(await login(two, 'Mira', 'mira-secret-12'));
    await b.waitForState('session', (f) => f[2].puppet === 'Mira');
    expect(b.text()).toContain('Sharing Mira with another of your sessions.');
    await a.waitForText('Mira is now shared from another of your sessions.', a1);
    const [a2, b2] = [a.frames.length, b.frames.length];
    b.line('say mirrored words');
    expect(await b.waitForText('You say', b2)).toBe('You say, "mirrored words"');
    expect(await a.waitForText('You say', a2)).toBe('You say, "mirrored words"');
  }, 120_000);
});
