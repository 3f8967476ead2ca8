/**
 * The supervisor over in-memory game servers: start and hand-over, reload with the new server
 * booted beside the old one, a reload whose new server cannot start, crashes with backoff and a
 * crash loop, a server that never gets ready, a link-version mismatch, shutdown. Each scripted
 * server answers the link as the real one does (`server/GameServer.ts`).
 */
import { initialSyncData, LINK_VERSION, type PortalToServer, type SessionSyncData } from '@mud/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../testing/captureLogger.js';
import type { HandOver, ServerEvent, SupervisorEvents } from './GameServerSupervisor.js';
import { type MemoryChild, MemoryLauncher } from './MemoryLauncher.js';
import { ProcessSupervisor, type SupervisorTimings } from './ProcessSupervisor.js';

const FAST: Partial<SupervisorTimings> = {
  restartBackoffMs: [10, 20],
  crashLoopCount: 3,
  crashLoopWindowMs: 60_000,
  crashLoopRetryMs: 100,
  readyTimeoutMs: 300,
  drainTimeoutMs: 300,
  exitTimeoutMs: 100,
};

/** How each launched server behaves, in launch order; past the list, `healthy`. */
type Script = 'healthy' | 'never-ready' | 'dies-at-boot' | 'wrong-version' | 'slow-to-exit' | 'chatty-at-boot';

class ScriptedServers {
  readonly received = new Map<MemoryChild, PortalToServer[]>();
  readonly launcher: MemoryLauncher;
  /** What a draining server hands back. */
  stopping = { sessions: [] as SessionSyncData[], carry: {} as Record<string, unknown> };

  constructor(private readonly scripts: Script[] = []) {
    this.launcher = new MemoryLauncher((child) => this.run(child, this.scripts.shift() ?? 'healthy'));
  }

  private run(child: MemoryChild, script: Script): void {
    const log: PortalToServer[] = [];
    this.received.set(child, log);
    child.server.onMessage((message) => {
      log.push(message);
      if (message.t === 'drain') {
        child.server.send({ t: 'stopping', kind: message.kind, ...this.stopping });
        if (script !== 'slow-to-exit') setTimeout(() => child.end(), 5);
      }
      if (message.t === 'shutdown') {
        child.server.send({ t: 'stopped' });
        setTimeout(() => child.end(), 5);
      }
    });
    setTimeout(() => {
      if (script === 'dies-at-boot') child.end({ code: 1, signal: null });
      if (script === 'healthy' || script === 'slow-to-exit' || script === 'chatty-at-boot') {
        child.server.send({ t: 'ready', version: LINK_VERSION, pid: child.pid });
      }
      // A server that talks before it has been handed anything (a bug in game code's start hook).
      if (script === 'chatty-at-boot')
        child.server.send({ t: 'sync', session: initialSyncData(99, 'x', 'websocket', 1) });
      if (script === 'wrong-version') child.server.send({ t: 'ready', version: LINK_VERSION + 1, pid: child.pid });
    }, 5);
  }

  child(n: number): MemoryChild {
    const child = this.launcher.children[n];
    if (!child) throw new Error(`no server #${n} was launched`);
    return child;
  }

  messages(n: number): PortalToServer[] {
    return this.received.get(this.child(n)) ?? [];
  }
}

function recorder(handOver: HandOver = { restore: [], afterHello: [] }) {
  const seen = {
    handOvers: [] as string[],
    drained: [] as SessionSyncData[][],
    events: [] as ServerEvent[],
    notices: [] as string[],
  };
  const events: SupervisorEvents = {
    handOver: (kind) => {
      seen.handOvers.push(kind);
      return handOver;
    },
    drained: (sessions) => seen.drained.push([...sessions]),
    message: (event) => seen.events.push(event),
    notice: (markup) => seen.notices.push(markup),
  };
  return { seen, events };
}

let supervisor: ProcessSupervisor | undefined;
afterEach(async () => {
  await supervisor?.shutdown();
  supervisor = undefined;
});

function start(scripts: Script[] = [], handOver?: HandOver) {
  const servers = new ScriptedServers(scripts);
  const { logger: log, lines } = captureLogger();
  const sup = new ProcessSupervisor({ launcher: servers.launcher, logger: log, timings: FAST });
  supervisor = sup;
  const { seen, events } = recorder(handOver);
  sup.start(events);
  return { servers, sup, seen, lines };
}

const session = (sessid: number) => initialSyncData(sessid, '127.0.0.1', 'websocket', 1);
const typed = (sessid: number, line: string) =>
  ({ t: 'input', sessid, frame: ['text', [line], {}] }) as Extract<PortalToServer, { t: 'input' }>;

describe('ProcessSupervisor', () => {
  it('starts down, hands a ready server the sessions, then what follows hello, in order', async () => {
    const { servers, sup, seen } = start([], {
      restore: [session(1)],
      afterHello: [{ t: 'connect', session: session(2) }, typed(1, 'look')],
    });
    expect(sup.state).toBe('down');
    expect(sup.accepting).toBe(false);
    await expect.poll(() => sup.state).toBe('up');
    expect(sup.accepting).toBe(true);
    expect(sup.pid).toBe(servers.child(0).pid);
    expect(seen.handOvers).toEqual(['first']);
    await expect.poll(() => servers.messages(0).map((m) => m.t)).toEqual(['hello', 'connect', 'input']);
    const hello = servers.messages(0)[0];
    expect(hello).toMatchObject({ t: 'hello', kind: 'first', version: LINK_VERSION, carry: {} });
    expect(hello?.t === 'hello' && hello.sessions.map((s) => s.sessid)).toEqual([1]);
  });

  it('passes the serving server’s session messages on', async () => {
    const { servers, sup, seen } = start();
    await expect.poll(() => sup.accepting).toBe(true);
    servers.child(0).server.send({ t: 'sync', session: session(7) });
    servers.child(0).server.send({ t: 'request-restart', kind: 'reset', by: 'Root' });
    await expect.poll(() => seen.events.map((e) => e.t)).toEqual(['sync', 'request-restart']);
  });

  it('reload: boots the new server beside the old one, drains the old, carries state, hands over', async () => {
    const { servers, sup, seen } = start();
    await expect.poll(() => sup.accepting).toBe(true);
    servers.stopping = { sessions: [session(1), session(2)], carry: { visits: 3 } };
    const restart = sup.restart('reload', 'Root');
    // While the new one boots, the old one serves: input still goes straight through.
    expect(sup.state).toBe('reloading');
    expect(sup.accepting).toBe(true);
    await restart;
    expect(sup.state).toBe('up');
    expect(servers.child(0).alive).toBe(false);
    expect(servers.messages(0).map((m) => m.t)).toContain('drain');
    expect(seen.drained.map((list) => list.map((s) => s.sessid))).toEqual([[1, 2]]);
    expect(seen.handOvers).toEqual(['first', 'reload']);
    await expect.poll(() => servers.messages(1)[0]).toMatchObject({ t: 'hello', kind: 'reload', carry: { visits: 3 } });
    expect(sup.pid).toBe(servers.child(1).pid);
    // A reset starts cold: nothing is carried.
    await sup.restart('reset', 'Root');
    await expect.poll(() => servers.messages(2)[0]).toMatchObject({ t: 'hello', kind: 'reset', carry: {} });
  });

  it('passes on only what the serving server says, not a new one booting beside it', async () => {
    const { servers, sup, seen } = start(['healthy', 'chatty-at-boot']);
    await expect.poll(() => sup.accepting).toBe(true);
    await sup.restart('reload', 'Root');
    servers.child(1).server.send({ t: 'sync', session: session(2) });
    await expect.poll(() => seen.events.length).toBe(1);
    expect(seen.events[0]).toMatchObject({ t: 'sync', session: { sessid: 2 } });
  });

  it('kills an old server that does not exit after draining', async () => {
    const { servers, sup } = start(['slow-to-exit']);
    await expect.poll(() => sup.accepting).toBe(true);
    await sup.restart('reload', 'Root');
    expect(servers.child(0).alive).toBe(false);
    expect(sup.pid).toBe(servers.child(1).pid);
  });

  it('a reload whose new server cannot start leaves the old one serving, and says so', async () => {
    const { servers, sup, seen, lines } = start(['healthy', 'dies-at-boot']);
    await expect.poll(() => sup.accepting).toBe(true);
    await sup.restart('reload', 'Root');
    expect(sup.state).toBe('up');
    expect(sup.pid).toBe(servers.child(0).pid);
    expect(servers.messages(0).map((m) => m.t)).not.toContain('drain');
    expect(seen.notices.join('\n')).toMatch(/reload failed/);
    expect(lines.join('')).toMatch(/"incident":"restart-failed"/);
    // The next reload works.
    await sup.restart('reload', 'Root');
    expect(sup.pid).toBe(servers.child(2).pid);
  });

  it('a new server that never gets ready within the timeout does not replace the old one', async () => {
    const { servers, sup } = start(['healthy', 'never-ready']);
    await expect.poll(() => sup.accepting).toBe(true);
    await sup.restart('reset', 'Root');
    expect(servers.child(1).alive).toBe(false);
    expect(sup.pid).toBe(servers.child(0).pid);
  });

  it('restarts a crashed server with backoff, tells players, and hands over as a crash', async () => {
    const { servers, sup, seen } = start();
    await expect.poll(() => sup.accepting).toBe(true);
    servers.child(0).end({ code: null, signal: 'SIGKILL' });
    await expect.poll(() => sup.state).toBe('down');
    expect(sup.accepting).toBe(false);
    expect(seen.notices).toEqual(['The game server stopped unexpectedly; restarting it. You stay connected.']);
    await expect.poll(() => sup.state).toBe('up');
    expect(seen.handOvers).toEqual(['first', 'crash']);
    expect(servers.messages(1)[0]).toMatchObject({ t: 'hello', kind: 'crash', carry: {} });
  });

  it('a server that never becomes ready at start is killed and retried', async () => {
    const { servers, sup } = start(['never-ready']);
    await expect.poll(() => sup.state, { timeout: 3000 }).toBe('up');
    expect(servers.child(0).alive).toBe(false);
    expect(sup.pid).toBe(servers.child(1).pid);
  });

  it('reports a crash loop to players and the log, and keeps retrying slowly', async () => {
    const { servers, sup, seen, lines } = start(['dies-at-boot', 'dies-at-boot', 'dies-at-boot', 'dies-at-boot']);
    await expect.poll(() => seen.notices.some((n) => n.includes('keeps failing')), { timeout: 3000 }).toBe(true);
    expect(lines.join('')).toMatch(/"incident":"server-crash-loop"/);
    // Servers that die before serving do not each announce a crash: only the loop is announced.
    expect(seen.notices.filter((n) => n.includes('stopped unexpectedly'))).toEqual([]);
    await expect.poll(() => sup.state, { timeout: 3000 }).toBe('up');
    expect(servers.launcher.children.length).toBe(5);
  });

  it('kills a server that speaks another link version', async () => {
    const { servers, sup, lines } = start(['wrong-version']);
    await expect.poll(() => servers.child(0).alive).toBe(false);
    expect(lines.join('')).toMatch(/"incident":"link-version-mismatch"/);
    // It counts as a failed start and the next one serves.
    await expect.poll(() => sup.state, { timeout: 3000 }).toBe('up');
  });

  it('shutdown lets the server stop, and nothing restarts it', async () => {
    const { servers, sup } = start();
    await expect.poll(() => sup.accepting).toBe(true);
    await sup.shutdown();
    expect(servers.messages(0).map((m) => m.t)).toContain('shutdown');
    expect(servers.child(0).alive).toBe(false);
    expect(sup.state).toBe('down');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(servers.launcher.children.length).toBe(1);
    // A restart asked for after shutdown does nothing.
    await sup.restart('reload', 'Root');
    expect(servers.launcher.children.length).toBe(1);
  });
});
