import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClosedEvent,
  Connection,
  type ConnectionOptions,
  type InvalidFrame,
  type ResumeEvent,
} from './Connection.js';
import type { ConnectionStatus } from './ConnectionStatus.js';
import { FakeWebSocket } from './FakeWebSocket.js';
import { memoryTokenStore } from './TokenStore.js';

function setup(options: Partial<ConnectionOptions> = {}) {
  const tokens = options.tokens ?? memoryTokenStore();
  const connection = new Connection({
    url: 'ws://game.test/ws',
    WebSocket: FakeWebSocket.ctor,
    backoff: { random: () => 0.5 },
    ...options,
    tokens,
  });
  const statuses: ConnectionStatus[] = [];
  const frames: unknown[] = [];
  const invalid: InvalidFrame[] = [];
  const closes: ClosedEvent[] = [];
  const resumes: ResumeEvent[] = [];
  connection.on('status', (s) => statuses.push(s));
  connection.on('frame', (f) => frames.push(f));
  connection.on('invalid', (info) => invalid.push(info));
  connection.on('close', (info) => closes.push(info));
  connection.on('resume', (event) => resumes.push(event));
  connection.connect();
  return { connection, tokens, ws: FakeWebSocket.latest(), statuses, frames, invalid, closes, resumes };
}

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

const TOKEN = 'r'.repeat(43);
const screen = ['text', ['Welcome to WebMUD'], {}];
const provisional = ['session', [], { sessid: 9, loggedIn: false, account: null, puppet: null, mode: 2 }];

describe('Connection', () => {
  it('opens the given url offering the v1.evennia.com subprotocol', () => {
    const { ws } = setup();
    expect(ws.url).toBe('ws://game.test/ws');
    expect(ws.protocols).toEqual(['v1.evennia.com']);
  });

  it('reports connected on open and disconnected on a final close', () => {
    const { connection, ws, statuses, closes } = setup();
    expect(connection.status).toBe('disconnected');
    ws.serverOpen();
    expect(connection.status).toBe('connected');
    ws.serverClose(1000, 'quit');
    expect(statuses).toEqual(['connected', 'disconnected']);
    expect(closes).toEqual([{ code: 1000, reason: 'quit', wasClean: true, final: true }]);
    expect(connection.socket).toBeUndefined();
    expect(connection.retryPending).toBe(false);
  });

  it('emits decoded outbound frames', () => {
    const { ws, frames } = setup();
    ws.serverOpen();
    ws.serverMessage(['text', ['Hello\n'], {}]);
    ws.serverMessage(provisional);
    ws.serverMessage(['oob', ['vitals', [20, { deep: [1] }]], { max: 20 }]);
    expect(frames).toEqual([
      ['text', ['Hello\n'], {}],
      provisional,
      ['oob', ['vitals', [20, { deep: [1] }]], { max: 20 }],
    ]);
  });

  it('drops frames outside the schema and reports them without their content', () => {
    const { ws, frames, invalid } = setup();
    ws.serverOpen();
    ws.serverMessage('not json');
    ws.serverMessage(['text', [42], {}]);
    ws.serverMessage(['resume_token', [], { token: 'secret-token-value', graceSeconds: 1.5 }]);
    ws.serverMessage(['oob', ['vitals'], {}]);
    ws.serverMessage(new ArrayBuffer(4));
    expect(frames).toEqual([]);
    expect(invalid).toEqual([
      { name: null, bytes: 8 },
      { name: 'text', bytes: 16 },
      { name: 'resume_token', bytes: expect.any(Number) },
      { name: 'oob', bytes: expect.any(Number) },
      { name: null, bytes: 4 },
    ]);
    expect(JSON.stringify(invalid)).not.toContain('secret');
  });

  it('sends typed frames as JSON only while open', () => {
    const { connection, ws } = setup();
    expect(connection.send(['text', ['look'], {}])).toBe(false);
    ws.serverOpen();
    expect(connection.send(['text', ['look'], {}])).toBe(true);
    expect(connection.send(['login', [], { name: 'Ann', password: 'secret-pw' }])).toBe(true);
    expect(ws.sent).toEqual(['["text",["look"],{}]', '["login",[],{"name":"Ann","password":"secret-pw"}]']);
  });

  it('sends an idle keepalive on each interval while open, and stops after close', () => {
    vi.useFakeTimers();
    const { ws } = setup({ keepaliveMs: 30_000 });
    vi.advanceTimersByTime(60_000);
    expect(ws.sent).toEqual([]); // not open yet
    ws.serverOpen();
    vi.advanceTimersByTime(29_999);
    expect(ws.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ws.sentFrames()).toEqual([['idle', [], {}]]);
    vi.advanceTimersByTime(30_000);
    expect(ws.sent).toHaveLength(2);
    ws.serverClose(1000);
    vi.advanceTimersByTime(120_000);
    expect(ws.sent).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not open a second socket while one is open', () => {
    const { connection, ws } = setup();
    ws.serverOpen();
    connection.connect();
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('a manual reconnect after a final close reports reconnecting and ignores the old socket', () => {
    const { connection, ws: first, statuses, frames } = setup();
    first.serverOpen();
    first.serverClose(1000, 'bye');
    connection.connect();
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    expect(connection.status).toBe('reconnecting');
    first.serverMessage(['text', ['stale'], {}]);
    first.serverClose();
    second.serverOpen();
    expect(statuses).toEqual(['connected', 'disconnected', 'reconnecting', 'connected']);
    expect(frames).toEqual([]);
    expect(connection.socket).toBe(second as unknown as WebSocket);
  });

  it('closes cleanly and for good on request', () => {
    const { connection, ws, closes } = setup();
    ws.serverOpen();
    connection.close();
    expect(ws.closedWith).toEqual({ code: 1000, reason: '' });
    ws.serverClose(1005, '');
    expect(closes[0]?.final).toBe(true);
    expect(connection.status).toBe('disconnected');
  });

  it('reports a final disconnect when the socket cannot even be constructed', () => {
    class Throwing {
      constructor() {
        throw new SyntaxError('bad url');
      }
    }
    const connection = new Connection({ url: 'nope', WebSocket: Throwing as unknown as typeof FakeWebSocket.ctor });
    const closes: unknown[] = [];
    connection.on('close', (info) => closes.push(info));
    connection.connect();
    expect(connection.status).toBe('disconnected');
    expect(closes).toEqual([{ code: 1006, reason: 'could not open the websocket', wasClean: false, final: true }]);
    expect(connection.retryPending).toBe(false);
  });

  it('dispose closes the socket and silences listeners', () => {
    const { connection, ws, statuses } = setup();
    ws.serverOpen();
    connection.dispose();
    expect(ws.closedWith?.code).toBe(1000);
    ws.serverClose();
    expect(statuses).toEqual(['connected']);
  });
});

describe('Connection: reconnecting', () => {
  it.each([1006, 1005, 1001, 1011, 1012, 1013, 4000])('retries after an unintended close (%i) with backoff', (code) => {
    vi.useFakeTimers();
    const { connection, ws, statuses, closes } = setup();
    const retries: unknown[] = [];
    connection.on('retry', (info) => retries.push(info));
    ws.serverOpen();
    ws.serverClose(code, '', false);
    expect(closes[0]).toMatchObject({ code, final: false });
    expect(connection.status).toBe('reconnecting');
    expect(retries).toEqual([{ attempt: 1, delayMs: 500 }]);
    vi.advanceTimersByTime(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverOpen();
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it.each([1000, 1008, 1009])('does not retry after the server ended the session (%i)', (code) => {
    vi.useFakeTimers();
    const { connection, ws } = setup();
    ws.serverOpen();
    ws.serverClose(code, 'done');
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(connection.status).toBe('disconnected');
  });

  it('backs off 0.5, 1, 2, 4, 8, 10, 10 s while the portal stays away, and starts over once stable', () => {
    vi.useFakeTimers();
    const { connection, ws } = setup();
    const delays: number[] = [];
    connection.on('retry', ({ delayMs }) => delays.push(delayMs));
    ws.serverOpen();
    ws.serverClose(1006, '', false);
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(delays.at(-1) ?? 0);
      FakeWebSocket.latest().serverClose(1006, '', false); // refused: never opened
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    vi.advanceTimersByTime(10_000);
    const back = FakeWebSocket.latest();
    back.serverOpen();
    // Up long enough to count as stable: the next drop starts again from 0.5 s.
    vi.advanceTimersByTime(5_000);
    back.serverClose(1006, '', false);
    expect(delays.at(-1)).toBe(500);
  });

  it('a drop right after connecting keeps backing off', () => {
    vi.useFakeTimers();
    const { connection, ws } = setup();
    const delays: number[] = [];
    connection.on('retry', ({ delayMs }) => delays.push(delayMs));
    ws.serverOpen();
    ws.serverClose(1013, 'try again later', true);
    vi.advanceTimersByTime(500);
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverClose(1013, 'try again later', true);
    expect(delays).toEqual([500, 1000]);
  });

  it('retryNow brings a scheduled retry forward; close() cancels it', () => {
    vi.useFakeTimers();
    const { connection, ws } = setup();
    ws.serverOpen();
    ws.serverClose(1006, '', false);
    connection.retryNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverClose(1006, '', false);
    connection.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(connection.status).toBe('disconnected');
    connection.retryNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });
});

describe('Connection: resume', () => {
  function connectedWithToken() {
    const env = setup();
    env.ws.serverOpen();
    env.ws.serverMessage(['resume_token', [], { token: TOKEN, graceSeconds: 60 }]);
    return env;
  }

  it('keeps the token from resume_token frames and does not pass them on', () => {
    const { tokens, frames, connection } = setup();
    const grace: unknown[] = [];
    connection.on('token', (info) => grace.push(info));
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverMessage(['resume_token', [], { token: TOKEN, graceSeconds: 60 }]);
    expect(tokens.load()).toEqual({ token: TOKEN, graceSeconds: 60 });
    expect(frames).toEqual([]);
    expect(grace).toEqual([{ graceSeconds: 60 }]);
  });

  it('after a drop, sends resume first, holds the greeting, and drops it when resumed', () => {
    vi.useFakeTimers();
    const { connection, ws, frames, resumes, statuses, tokens } = connectedWithToken();
    ws.serverClose(1006, '', false);
    vi.advanceTimersByTime(500);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    expect(next.sentFrames()).toEqual([['resume', [], { token: TOKEN }]]);
    expect(connection.status).toBe('reconnecting');
    // Nothing can be sent to the provisional session.
    expect(connection.send(['text', ['look'], {}])).toBe(false);
    next.serverMessage(screen);
    next.serverMessage(provisional);
    next.serverMessage(['resume_token', [], { token: 'provisional-token-1234', graceSeconds: 60 }]);
    expect(frames).toEqual([]);
    next.serverMessage(['resumed', [], { sessid: 3 }]);
    next.serverMessage(['text', ['buffered while away'], {}]);
    next.serverMessage(['resume_token', [], { token: 'rotated-token-123456', graceSeconds: 60 }]);
    expect(frames).toEqual([['text', ['buffered while away'], {}]]);
    expect(resumes).toEqual([{ kind: 'started' }, { kind: 'resumed', sessid: 3 }]);
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(tokens.load()?.token).toBe('rotated-token-123456');
    expect(connection.send(['text', ['look'], {}])).toBe(true);
  });

  it('on E_RESUME_FAILED forgets the token and shows the held greeting in order', () => {
    vi.useFakeTimers();
    const { ws, frames, resumes, tokens } = connectedWithToken();
    ws.serverClose(1006, '', false);
    vi.advanceTimersByTime(500);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    next.serverMessage(screen);
    next.serverMessage(provisional);
    next.serverMessage(['resume_token', [], { token: 'provisional-token-1234', graceSeconds: 60 }]);
    next.serverMessage(['error', ['Your session has expired.'], { code: 'E_RESUME_FAILED', input: 'resume' }]);
    expect(resumes.at(-1)).toEqual({ kind: 'failed', reason: 'refused', message: 'Your session has expired.' });
    expect(frames).toEqual([screen, provisional]);
    // The provisional session's own token is the one to keep now.
    expect(tokens.load()?.token).toBe('provisional-token-1234');
  });

  it('after a portal restart (1001) offers the old token, and the refused resume lands on a fresh session', () => {
    vi.useFakeTimers();
    const { ws, frames, resumes, tokens, statuses } = connectedWithToken();
    ws.serverClose(1001, 'server shutting down');
    expect(tokens.load()?.token).toBe(TOKEN);
    // The portal is still down: refused without a close frame, and the backoff goes on.
    vi.advanceTimersByTime(500);
    FakeWebSocket.latest().serverClose(1006, '', false);
    vi.advanceTimersByTime(1000);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    expect(next.sentFrames()).toEqual([['resume', [], { token: TOKEN }]]);
    next.serverMessage(screen);
    next.serverMessage(['error', ['Unknown token.'], { code: 'E_RESUME_FAILED', input: 'resume' }]);
    expect(resumes.at(-1)).toEqual({ kind: 'failed', reason: 'refused', message: 'Unknown token.' });
    expect(frames).toEqual([screen]);
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('gives up waiting for an answer after the timeout', () => {
    vi.useFakeTimers();
    const { ws, frames, resumes, connection } = connectedWithToken();
    ws.serverClose(1006, '', false);
    vi.advanceTimersByTime(500);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    next.serverMessage(screen);
    vi.advanceTimersByTime(10_000);
    expect(resumes.at(-1)).toEqual({ kind: 'failed', reason: 'timeout' });
    expect(frames).toEqual([screen]);
    expect(connection.status).toBe('connected');
  });

  it('resumes on the first socket of a page when the tab already holds a token (a refresh)', () => {
    const tokens = memoryTokenStore();
    tokens.save({ token: TOKEN, graceSeconds: 60 });
    const { ws, connection } = setup({ tokens });
    ws.serverOpen();
    expect(ws.sentFrames()).toEqual([['resume', [], { token: TOKEN }]]);
    ws.serverMessage(['resumed', [], { sessid: 5 }]);
    expect(connection.status).toBe('connected');
  });

  it('does not send a token that the resume input would refuse', () => {
    const tokens = memoryTokenStore();
    tokens.save({ token: 'short', graceSeconds: 60 });
    const { ws, connection } = setup({ tokens });
    ws.serverOpen();
    expect(ws.sent).toEqual([]);
    expect(connection.status).toBe('connected');
  });

  it('forgets the token when the session ends for good', () => {
    const { ws, tokens } = connectedWithToken();
    ws.serverClose(1000, '');
    expect(tokens.load()).toBeNull();
  });

  it('a close while the page is leaving keeps the token and schedules nothing', () => {
    vi.useFakeTimers();
    const { connection, ws, tokens, closes } = connectedWithToken();
    connection.leavePage();
    ws.serverClose(1001, '', true); // the browser's own close on unload
    vi.advanceTimersByTime(60_000);
    expect(tokens.load()?.token).toBe(TOKEN);
    expect(closes).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);
    // Back from the back/forward cache: a new socket, which resumes.
    connection.returnToPage();
    FakeWebSocket.latest().serverOpen();
    expect(FakeWebSocket.latest().sentFrames()).toEqual([['resume', [], { token: TOKEN }]]);
  });

  it('keeps the token when the socket drops during the handshake, and tries again', () => {
    vi.useFakeTimers();
    const { ws, tokens } = connectedWithToken();
    ws.serverClose(1006, '', false);
    vi.advanceTimersByTime(500);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    next.serverClose(1006, '', false);
    expect(tokens.load()?.token).toBe(TOKEN);
    vi.advanceTimersByTime(1000);
    FakeWebSocket.latest().serverOpen();
    expect(FakeWebSocket.latest().sentFrames()).toEqual([['resume', [], { token: TOKEN }]]);
  });
});
