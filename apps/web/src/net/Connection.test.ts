import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from './Connection.js';
import type { ConnectionStatus } from './ConnectionStatus.js';
import { FakeWebSocket } from './FakeWebSocket.js';

function setup(keepaliveMs?: number) {
  const connection = new Connection({ url: 'ws://game.test/ws', WebSocket: FakeWebSocket.ctor, keepaliveMs });
  const statuses: ConnectionStatus[] = [];
  const frames: unknown[] = [];
  const invalid: string[] = [];
  connection.on('status', (s) => statuses.push(s));
  connection.on('frame', (f) => frames.push(f));
  connection.on('invalid', (raw) => invalid.push(raw));
  connection.connect();
  return { connection, ws: FakeWebSocket.latest(), statuses, frames, invalid };
}

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

describe('Connection', () => {
  it('opens the given url offering the v1.evennia.com subprotocol', () => {
    const { ws } = setup();
    expect(ws.url).toBe('ws://game.test/ws');
    expect(ws.protocols).toEqual(['v1.evennia.com']);
  });

  it('reports connected on open and disconnected on close', () => {
    const { connection, ws, statuses } = setup();
    expect(connection.status).toBe('disconnected');
    ws.serverOpen();
    expect(connection.status).toBe('connected');
    ws.serverClose(1001, 'shutdown');
    expect(statuses).toEqual(['connected', 'disconnected']);
    expect(connection.socket).toBeUndefined();
  });

  it('reports the close code and reason', () => {
    const { connection, ws } = setup();
    const closes: unknown[] = [];
    connection.on('close', (info) => closes.push(info));
    ws.serverOpen();
    ws.serverClose(1009, 'too big', true);
    expect(closes).toEqual([{ code: 1009, reason: 'too big', wasClean: true }]);
  });

  it('emits decoded outbound frames', () => {
    const { ws, frames } = setup();
    ws.serverOpen();
    ws.serverMessage(['text', ['Hello\n'], {}]);
    ws.serverMessage(['session', [], { sessid: 3, loggedIn: false, account: null, puppet: null, mode: 0 }]);
    expect(frames).toEqual([
      ['text', ['Hello\n'], {}],
      ['session', [], { sessid: 3, loggedIn: false, account: null, puppet: null, mode: 0 }],
    ]);
  });

  it('drops frames outside the schema and reports them as invalid', () => {
    const { ws, frames, invalid } = setup();
    ws.serverOpen();
    ws.serverMessage('not json');
    ws.serverMessage(['text', [42], {}]);
    ws.serverMessage(['launch_missiles', [], {}]);
    ws.serverMessage(new ArrayBuffer(4));
    expect(frames).toEqual([]);
    expect(invalid).toHaveLength(4);
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
    const { ws } = setup(30_000);
    vi.advanceTimersByTime(60_000);
    expect(ws.sent).toEqual([]); // not open yet
    ws.serverOpen();
    vi.advanceTimersByTime(29_999);
    expect(ws.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ws.sentFrames()).toEqual([['idle', [], {}]]);
    vi.advanceTimersByTime(30_000);
    expect(ws.sent).toHaveLength(2);
    ws.serverClose();
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

  it('reports reconnecting on a later attempt and ignores events of the old socket', () => {
    const { connection, ws: first, statuses, frames } = setup();
    first.serverOpen();
    first.serverClose(1006, '', false);
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

  it('closes cleanly on request', () => {
    const { connection, ws } = setup();
    ws.serverOpen();
    connection.close();
    expect(ws.closedWith).toEqual({ code: 1000, reason: '' });
  });

  it('reports disconnected when the socket cannot even be constructed', () => {
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
    expect(closes).toEqual([{ code: 1006, reason: 'could not open the websocket', wasClean: false }]);
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
