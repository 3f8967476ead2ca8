/**
 * The portal's composition over an in-memory game server: input held while no server accepts
 * it and delivered in order afterwards, connections announced at the hand-over, output fan-out
 * and the state frames kept for a resume, resume and its grace, admission, shutdown. Real
 * sockets and processes are covered by test/reload.test.ts, test/resume.test.ts and
 * test/attack.test.ts; this pins down the portal's own rules.
 */
import {
  CloseCode,
  ErrorCode,
  type InboundFrame,
  LINK_VERSION,
  type OutboundFrame,
  out,
  type PortalToServer,
} from '@mud/protocol';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Portal } from './Portal.js';
import { PortalSession, type PortalSessionEvents } from './PortalSession.js';
import { type MemoryChild, MemoryLauncher } from './supervisor/MemoryLauncher.js';
import { ProcessSupervisor } from './supervisor/ProcessSupervisor.js';

/** A connection of a made-up protocol: what it was sent, whether it is there, how it closed. */
class FakeSession extends PortalSession {
  readonly sent: OutboundFrame[] = [];
  closedWith: [number, string] | undefined;
  connected = true;
  /** Whether the peer answers a probe (`answers`). */
  alive = true;

  constructor(sessid: number, events: PortalSessionEvents, address = '10.0.0.1') {
    super(sessid, address, 'websocket', events);
  }
  get attached(): boolean {
    return this.connected;
  }
  send(frames: readonly OutboundFrame[]): void {
    this.sent.push(...frames);
  }
  resumeFrom(other: PortalSession, preface: readonly OutboundFrame[]): boolean {
    if (!(other instanceof FakeSession)) return false;
    other.connected = false;
    this.connected = true;
    this.send(preface);
    return true;
  }
  answers(): Promise<boolean> {
    return Promise.resolve(this.connected && this.alive);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.connected = false;
    this.events.ended(this, reason);
  }
  /** The peer went away without a word (or with `code`). */
  drop(code = 1006): void {
    this.connected = false;
    this.events.connectionLost(this, code);
  }
  codes(): string[] {
    return this.sent.flatMap((f) => (f[0] === 'error' ? [f[2].code] : []));
  }
  texts(): string[] {
    return this.sent.flatMap((f) => (f[0] === 'text' ? [f[1][0]] : []));
  }
}

/** A session of a protocol without resume, as telnet is. */
class NonResumableSession extends FakeSession {
  override get resumable(): boolean {
    return false;
  }
}

/** Game servers that get ready when told to (`ready()`), recording what they receive. */
class Servers {
  readonly inbox = new Map<MemoryChild, PortalToServer[]>();
  readonly launcher = new MemoryLauncher((child) => {
    const log: PortalToServer[] = [];
    this.inbox.set(child, log);
    child.server.onMessage((message) => {
      log.push(message);
      if (message.t === 'shutdown') {
        child.server.send({ t: 'stopped' });
        setTimeout(() => child.end(), 1);
      }
    });
  });
  get current(): MemoryChild {
    const child = this.launcher.children.at(-1);
    if (!child) throw new Error('no server launched');
    return child;
  }
  ready(): void {
    this.current.server.send({ t: 'ready', version: LINK_VERSION, pid: this.current.pid });
  }
  received(): PortalToServer[] {
    return this.inbox.get(this.current) ?? [];
  }
}

let portal: Portal | undefined;
afterEach(async () => {
  await portal?.shutdown();
  portal = undefined;
});

async function setup(options: { grace?: number; graceClosed?: number; maxSessionsPerIp?: number } = {}) {
  const servers = new Servers();
  const logger = pino({ level: 'silent' });
  const supervisor = new ProcessSupervisor({
    launcher: servers.launcher,
    logger,
    timings: { restartBackoffMs: [5], readyTimeoutMs: 5000, exitTimeoutMs: 100 },
  });
  const p = new Portal({
    supervisor,
    logger,
    resumeGraceSeconds: options.grace ?? 0,
    resumeGraceClosedSeconds: options.graceClosed,
    limits: { maxConnectionRate: 0, maxSessionsPerIp: options.maxSessionsPerIp ?? 0 },
  });
  portal = p;
  p.startGameServer();
  const open = (address?: string) => {
    const s = new FakeSession(p.sessions.nextSessid(), p, address);
    p.connected(s);
    return s;
  };
  return { portal: p, servers, open };
}

const line = (text: string): InboundFrame => ['text', [text], {}];
const inputs = (messages: PortalToServer[]) =>
  messages.flatMap((m) => (m.t === 'input' && m.frame[0] === 'text' ? [`${m.sessid}:${m.frame[1][0]}`] : []));

describe('Portal', () => {
  it('holds input and connections while no game server accepts them, and hands them over in order', async () => {
    const { portal, servers, open } = await setup();
    const a = open();
    portal.input(a, line('one'));
    const b = open();
    portal.input(b, line('two'));
    portal.input(a, line('three'));
    const gone = open();
    portal.input(gone, line('never'));
    gone.close(CloseCode.Normal, 'bye');
    servers.ready();
    await expect.poll(() => servers.received().length).toBe(6);
    const got = servers.received();
    expect(got[0]).toMatchObject({ t: 'hello', kind: 'first', sessions: [] });
    // New sessions are announced right after hello, then held input in arrival order.
    expect(got.slice(1, 3).map((m) => m.t === 'connect' && m.session.sessid)).toEqual([a.sessid, b.sessid]);
    expect(inputs(got)).toEqual([`${a.sessid}:one`, `${b.sessid}:two`, `${a.sessid}:three`]);
    // Once up, input goes straight through.
    portal.input(b, line('four'));
    await expect.poll(() => inputs(servers.received()).at(-1)).toBe(`${b.sessid}:four`);
  });

  it('holds at most 100 inputs per session while the server is away, and says so beyond that', async () => {
    const { portal, open } = await setup();
    const a = open();
    for (let i = 0; i < 101; i++) portal.input(a, line(`x${i}`));
    expect(a.codes()).toEqual([ErrorCode.ServerUnavailable]);
  });

  it('fans out output batches, keeps the latest state frames, and closes sessions the server ends', async () => {
    const { portal, servers, open } = await setup();
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const a = open();
    const b = open();
    const shared = out.text('a room message');
    const state = out.charmenu({ account: 'Ann', characters: [], sessions: [], maxCharacters: 1, maxPuppets: 1 });
    servers.current.server.send({
      t: 'output',
      batches: [
        { sessids: [a.sessid, b.sessid], frames: [shared] },
        { sessids: [a.sessid], frames: [state] },
      ],
    });
    await expect.poll(() => b.texts()).toEqual(['a room message']);
    expect(a.sent).toEqual([shared, state]);
    expect(a.lastState.get('charmenu')).toEqual(state);
    expect(a.knownToServer).toBe(true);
    servers.current.server.send({ t: 'disconnect', sessid: a.sessid, reason: 'Good bye!' });
    await expect.poll(() => a.closedWith).toEqual([CloseCode.Normal, 'Good bye!']);
    expect(a.texts().at(-1)).toBe('Good bye!');
    expect(portal.sessions.get(a.sessid)).toBeUndefined();
    // The server ended it: it is not told again.
    expect(servers.received().filter((m) => m.t === 'disconnect')).toEqual([]);
  });

  it('a dropped session waits for its resume token; the new connection takes it over', async () => {
    const { portal, servers, open } = await setup({ grace: 60 });
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const a = open();
    const token = a.sent.find((f) => f[0] === 'resume_token')?.[2].token;
    expect(token).toBeTypeOf('string');
    a.drop();
    expect(portal.sessions.get(a.sessid)).toBe(a);
    const fresh = open();
    portal.input(fresh, ['resume', [], { token: token ?? '' }]);
    await expect.poll(() => a.attached).toBe(true);
    expect(a.sent.some((f) => f[0] === 'resumed')).toBe(true);
    // The provisional session is gone; the game server hears of it, and only of it.
    expect(portal.sessions.get(fresh.sessid)).toBeUndefined();
    await expect
      .poll(() => servers.received().flatMap((m) => (m.t === 'disconnect' ? [m.sessid] : [])))
      .toEqual([fresh.sessid]);
    // The token was spent: a second use gets a new session, with the reason.
    const again = open();
    portal.input(again, ['resume', [], { token: token ?? '' }]);
    await expect.poll(() => again.codes()).toEqual([ErrorCode.ResumeFailed]);
  });

  it('a session that cannot be resumed gets no token and ends at once when its connection drops', async () => {
    const { portal, servers } = await setup({ grace: 60 });
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const t = new NonResumableSession(portal.sessions.nextSessid(), portal);
    portal.connected(t);
    expect(t.sent.some((f) => f[0] === 'resume_token')).toBe(false);
    t.drop();
    expect(portal.sessions.get(t.sessid)).toBeUndefined();
    await expect
      .poll(() => servers.received().flatMap((m) => (m.t === 'disconnect' ? [m.sessid] : [])))
      .toEqual([t.sessid]);
  });

  it('a token copied into a second tab does not take a live session over', async () => {
    const { portal, open } = await setup({ grace: 60 });
    const a = open();
    const token = a.sent.find((f) => f[0] === 'resume_token')?.[2].token ?? '';
    const copy = open();
    portal.input(copy, ['resume', [], { token }]);
    await expect.poll(() => copy.codes()).toEqual([ErrorCode.ResumeFailed]);
    expect(a.attached).toBe(true);
    expect(portal.sessions.get(copy.sessid)).toBe(copy);
  });

  it('revoke-resume voids the tokens it names and ends a session waiting on one', async () => {
    const { portal, servers, open } = await setup({ grace: 60 });
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const detached = open();
    const attached = open();
    const token = (s: FakeSession) => s.sent.find((f) => f[0] === 'resume_token')?.[2].token ?? '';
    const attachedToken = token(attached);
    detached.drop();
    servers.current.server.send({ t: 'revoke-resume', sessids: [detached.sessid, attached.sessid] });
    await expect.poll(() => portal.sessions.get(detached.sessid)).toBeUndefined();
    expect(servers.received().filter((m) => m.t === 'disconnect')).toMatchObject([{ sessid: detached.sessid }]);
    expect(portal.sessions.get(attached.sessid)).toBe(attached);
    attached.drop();
    const thief = open();
    portal.input(thief, ['resume', [], { token: attachedToken }]);
    await expect.poll(() => thief.codes()).toEqual([ErrorCode.ResumeFailed]);
  });

  it('a session not resumed within the grace ends, and the game server is told', async () => {
    const { portal, servers, open } = await setup({ grace: 0.05 });
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const a = open();
    a.drop();
    await expect.poll(() => portal.sessions.get(a.sessid)).toBeUndefined();
    expect(servers.received().filter((m) => m.t === 'disconnect')).toMatchObject([
      { sessid: a.sessid, reason: 'connection lost and not resumed' },
    ]);
  });

  it('a client that went away (1001) waits the shorter closed-tab grace; a drop (1006) the long one', async () => {
    const { portal, servers, open } = await setup({ grace: 60, graceClosed: 0.05 });
    servers.ready();
    await expect.poll(() => portal.serverState).toBe('up');
    const closedTab = open();
    const dropped = open();
    closedTab.drop(CloseCode.GoingAway);
    dropped.drop(1006);
    await expect.poll(() => portal.sessions.get(closedTab.sessid)).toBeUndefined();
    expect(servers.received().filter((m) => m.t === 'disconnect')).toMatchObject([{ sessid: closedTab.sessid }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(portal.sessions.get(dropped.sessid)).toBe(dropped);
  });

  it('a connection closed on purpose (1000) ends its session at once', async () => {
    const { portal, open } = await setup({ grace: 60 });
    const a = open();
    a.drop(CloseCode.Normal);
    expect(portal.sessions.get(a.sessid)).toBeUndefined();
  });

  it('admits at most MUD_MAX_SESSIONS_PER_IP sessions per address, counting those that end', async () => {
    const { portal, open } = await setup({ maxSessionsPerIp: 2 });
    const a = open('10.0.0.9');
    open('10.0.0.9');
    expect(portal.admit('10.0.0.9')).toMatchObject({ ok: false, code: ErrorCode.Throttled });
    expect(portal.admit('10.0.0.8')).toEqual({ ok: true });
    a.close(CloseCode.Normal, 'bye');
    a.close(CloseCode.Normal, 'bye again');
    expect(portal.admit('10.0.0.9')).toEqual({ ok: true });
    open('10.0.0.9');
    expect(portal.admit('10.0.0.9').ok).toBe(false);
  });

  it('shutdown stops the game server, then tells every client and closes it with 1001', async () => {
    const { portal: p, servers, open } = await setup();
    servers.ready();
    await expect.poll(() => p.serverState).toBe('up');
    const a = open();
    await p.shutdown();
    expect(servers.received().map((m) => m.t)).toContain('shutdown');
    expect(a.closedWith?.[0]).toBe(CloseCode.GoingAway);
    expect(a.texts().at(-1)).toMatch(/shutting down/);
    expect(p.sessions.size).toBe(0);
    expect(p.isStopping).toBe(true);
  });
});
