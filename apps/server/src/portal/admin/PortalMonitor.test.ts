import { initialSyncData, isPortalToServer, type OutboundFrame, type PortalReport } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { IncidentRing } from '../../incidentRing.js';
import { createLogger } from '../../logger.js';
import { captureLogger } from '../../testing/captureLogger.js';
import type { PortalSession } from '../PortalSession.js';
import type { ServerState } from '../supervisor/GameServerSupervisor.js';
import { PortalMonitor } from './PortalMonitor.js';

/** Just what the monitor reads of a session: its sync data's `adminFeed`, and what it is sent. */
function session(sessid: number, watching: boolean) {
  const sent: OutboundFrame[] = [];
  const sync = {
    ...initialSyncData(sessid, '10.0.0.1', 'websocket', 0),
    ...(watching ? { adminFeed: true as const } : {}),
  };
  return { sent, fake: { sync, send: (frames: OutboundFrame[]) => sent.push(...frames) } as unknown as PortalSession };
}

function monitor(state: { now: ServerState }, sessions: PortalSession[] = [], logger = captureLogger().logger) {
  let clock = 1_000_000;
  const reports: PortalReport[] = [];
  const incidents = new IncidentRing('edge-1', 200, 60_000, () => clock);
  const m = new PortalMonitor({
    portalId: 'edge-1',
    logger,
    incidents,
    sessions: () => sessions,
    sessionCount: () => sessions.length,
    state: () => state.now,
    send: (r) => reports.push(r),
    samplesEvery: 1,
    now: () => clock,
    memory: () => ({ rss: 1000, heapUsed: 500 }),
  });
  return { m, reports, incidents, advance: (ms: number) => (clock += ms) };
}

describe('PortalMonitor (issue 16)', () => {
  it('samples sessions, commands a second and both memories, and reports only what is new', () => {
    const state = { now: 'up' as ServerState };
    const { m, reports, advance } = monitor(state, [session(1, false).fake, session(2, false).fake]);
    m.served('first');
    m.serverHealth({ rss: 7000, heapUsed: 3000 });
    for (let i = 0; i < 4; i++) m.input(['text', ['look'], {}]);
    m.input(['idle', [], {}]);
    advance(2000);
    m.check();
    expect(reports.at(-1)).toMatchObject({
      t: 'report',
      portalId: 'edge-1',
      samples: [{ portal: 'edge-1', state: 'up', sessions: 2, commandsPerSecond: 2, portalRss: 1000, serverRss: 7000 }],
      restarts: [{ kind: 'first', by: null, ms: null }],
    });
    advance(2000);
    m.check();
    expect(reports.at(-1)?.samples).toHaveLength(1);
    expect(reports.at(-1)?.samples[0]?.commandsPerSecond).toBe(0);
    for (const report of reports) expect(isPortalToServer(report)).toBe(true);
  });

  it('tells watching sessions, and only them, each state change; records how long a reload and a crash took', () => {
    const state = { now: 'up' as ServerState };
    const watcher = session(1, true);
    const player = session(2, false);
    const { m, advance } = monitor(state, [watcher.fake, player.fake]);
    m.served('first');
    state.now = 'reloading';
    m.restartRequested('reload', 'Root');
    advance(1500);
    m.served('reload');
    state.now = 'up';
    m.check();
    state.now = 'down';
    m.check();
    advance(800);
    m.served('crash');
    state.now = 'up';
    m.check();
    const states = watcher.sent.map((f) =>
      f[0] === 'admin' && f[1][0] === 'state' ? (f[2] as { state: string }).state : f[0],
    );
    expect(states).toEqual(['up', 'reloading', 'up', 'down', 'up']);
    expect(player.sent).toEqual([]);
    const { restarts } = m.report();
    expect(restarts.map(({ kind, by, ms }) => ({ kind, by, ms }))).toEqual([
      { kind: 'first', by: null, ms: null },
      { kind: 'reload', by: 'Root', ms: 1500 },
      { kind: 'crash', by: null, ms: 800 },
    ]);
  });

  it('gives a new game server everything kept, incidents included', () => {
    const state = { now: 'up' as ServerState };
    const { m, incidents, advance } = monitor(state);
    m.served('first');
    incidents.add({ name: 'server-crashed', message: 'x', sessid: null, address: null, account: null });
    advance(2000);
    m.sample();
    expect(m.report()).toMatchObject({ samples: [{}], incidents: [{ name: 'server-crashed', source: 'edge-1' }] });
    expect(m.report()).toMatchObject({ samples: [], incidents: [] });
    m.served('crash');
    expect(m.report()).toMatchObject({ samples: [{}], incidents: [{ name: 'server-crashed' }] });
  });

  it('logs a throttled address once in a while, however many connections it tries', () => {
    const capture = captureLogger();
    const ring = new IncidentRing('edge-1');
    const logger = createLogger({ name: 'portal', level: 'info', onIncident: ring.sink });
    const { m } = monitor({ now: 'up' }, [], capture.logger);
    for (let i = 0; i < 50; i++) m.connectionRefused('10.9.9.9', 'Too many new connections');
    m.connectionRefused('10.9.9.8', 'Too many new connections');
    expect(
      capture
        .records()
        .filter((r) => r.incident === 'connection-throttled')
        .map((r) => r.address),
    ).toEqual(['10.9.9.9', '10.9.9.8']);
    // The logger's hook feeds the ring whatever logged the incident.
    logger.warn({ incident: 'frame-refused', sessid: 4, address: '10.0.0.4' }, 'refused');
    logger.warn({ incident: 'frame-refused', sessid: 5, address: '10.0.0.4' }, 'refused');
    expect(ring.recent()).toMatchObject([{ name: 'frame-refused', count: 2, sessid: 5, address: '10.0.0.4' }]);
  });
});
