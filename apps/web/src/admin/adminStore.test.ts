import type { AdminHealth, AdminSessionRow, HealthSample, OutboundFrame } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { createAdminStore } from './adminStore.js';

const row = (sessid: number, account: string | null): AdminSessionRow => ({
  sessid,
  account,
  puppet: null,
  protocol: 'websocket',
  address: '127.0.0.1',
  portal: 'local',
  connTime: 0,
  cmdLastVisible: 0,
  cmdTotal: 0,
});
const health = (state: AdminHealth['state']): AdminHealth => ({
  state,
  upSince: 0,
  server: { pid: 1, memory: { rss: 1, heapUsed: 1 } },
  portals: [],
  restarts: [],
});
const sample = (at: number): HealthSample => ({
  at,
  portal: 'local',
  state: 'up',
  sessions: 1,
  commandsPerSecond: 0,
  portalRss: 1,
  serverRss: 1,
});
const snapshot = (sessions: AdminSessionRow[], history: HealthSample[]): OutboundFrame => [
  'admin',
  ['snapshot'],
  { account: 'Root', sessions, health: health('up'), history, incidents: [] },
];

describe('the admin store', () => {
  it('goes live on a snapshot, then follows pushed rows, samples and state changes', () => {
    const store = createAdminStore();
    store.getState().applyFrame(snapshot([row(1, 'Root'), row(2, null)], [sample(1), sample(2)]));
    expect(store.getState()).toMatchObject({ status: 'live', account: 'Root' });
    store.getState().applyFrame(['admin', ['sessions'], { upsert: [row(2, 'Bob'), row(3, null)], remove: [1] }]);
    expect(Object.values(store.getState().sessions).map((r) => [r.sessid, r.account])).toEqual([
      [2, 'Bob'],
      [3, null],
    ]);
    store.getState().applyFrame(['admin', ['state'], { state: 'reloading', at: 5 }]);
    store.getState().applyFrame(['admin', ['state'], { state: 'up', at: 6 }]);
    // A new game server's snapshot repeats what the portal kept: each sample is kept once.
    store.getState().applyFrame(snapshot([row(2, 'Bob')], [sample(1), sample(2), sample(3)]));
    expect(store.getState().history.map((s) => s.at)).toEqual([1, 2, 3]);
    expect(store.getState().stateLog.map((e) => e.state)).toEqual(['up', 'reloading', 'up']);
  });

  it('shows the refusal and nothing it was given before', () => {
    const store = createAdminStore();
    store.getState().applyFrame(snapshot([row(1, 'Root')], []));
    store
      .getState()
      .applyFrame(['error', ['Your Admin permission was revoked.'], { code: 'E_NOT_PERMITTED', input: 'admin' }]);
    expect(store.getState()).toMatchObject({
      status: 'refused',
      refusal: 'Your Admin permission was revoked.',
      sessions: {},
    });
    // An unrelated refusal (a login's) is not the admin view's.
    const other = createAdminStore();
    other.getState().applyFrame(['error', ['no'], { code: 'E_NOT_PERMITTED', input: 'ic' }]);
    expect(other.getState().status).toBe('waiting');
  });
});
