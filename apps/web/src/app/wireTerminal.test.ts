import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../net/Connection.js';
import { FakeWebSocket } from '../net/FakeWebSocket.js';
import { storageTokenStore } from '../net/TokenStore.js';
import { bindConnection } from '../stores/bindConnection.js';
import { createCharMenuStore } from '../stores/charMenuStore.js';
import { createConnectionStore } from '../stores/connectionStore.js';
import { createOutputStore } from '../stores/outputStore.js';
import { createSessionStore } from '../stores/sessionStore.js';
import { Scrollback } from '../terminal/history/Scrollback.js';
import type { TerminalSink } from '../terminal/TerminalSink.js';
import { wireTerminal } from './wireTerminal.js';

class FakeTerminal implements TerminalSink {
  cols = 80;
  rows = 24;
  written = '';
  private listeners = new Set<(size: { cols: number; rows: number }) => void>();
  write(data: string) {
    this.written += data;
  }
  onResize(listener: (size: { cols: number; rows: number }) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  resize(cols: number, rows: number) {
    this.cols = cols;
    this.rows = rows;
    for (const listener of this.listeners) listener({ cols, rows });
  }
}

function setup() {
  const connection = new Connection({ url: 'ws://game.test/ws', WebSocket: FakeWebSocket.ctor });
  const output = createOutputStore();
  const terminal = new FakeTerminal();
  output.getState().append('text', 'before\r\n');
  const unwire = wireTerminal(connection, output, terminal, { resizeDebounceMs: 100 });
  connection.connect();
  return { connection, output, terminal, unwire, ws: FakeWebSocket.latest() };
}

const options = (cols: number, rows: number) => [
  'client_options',
  [],
  { screenwidth: cols, screenheight: rows, ansi: true, utf8: true },
];

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

describe('wireTerminal', () => {
  it('writes every output entry once, in order, including those before wiring', () => {
    const { output, terminal } = setup();
    output.getState().append('text', 'one\r\n');
    output.getState().append('notice', 'two\r\n');
    expect(terminal.written).toBe('before\r\none\r\ntwo\r\n');
  });

  it('sends client_options with the terminal size when the session is usable', () => {
    const { ws } = setup();
    ws.serverOpen();
    expect(ws.sentFrames()).toEqual([options(80, 24)]);
  });

  it('sends client_options once after a burst of resizes, and not for an unchanged size', () => {
    vi.useFakeTimers();
    const { ws, terminal } = setup();
    ws.serverOpen();
    terminal.resize(100, 30);
    terminal.resize(120, 40);
    vi.advanceTimersByTime(100);
    terminal.resize(120, 40);
    vi.advanceTimersByTime(100);
    expect(ws.sentFrames()).toEqual([options(80, 24), options(120, 40)]);
  });

  it('tells a new socket the size again', () => {
    const { connection, ws } = setup();
    ws.serverOpen();
    ws.serverClose(1000);
    connection.connect();
    const second = FakeWebSocket.latest();
    second.serverOpen();
    expect(second.sentFrames()).toEqual([options(80, 24)]);
  });

  it('stops after unwiring', () => {
    const { ws, output, terminal, unwire } = setup();
    unwire();
    ws.serverOpen();
    output.getState().append('text', 'x\r\n');
    expect(terminal.written).toBe('before\r\n');
    expect(ws.sent).toEqual([]);
  });
});

describe('wireTerminal with a kept scrollback (docs/web-terminal.md#scrollback-across-a-refresh)', () => {
  const TOKEN = 't'.repeat(40);
  class MapStorage {
    readonly map = new Map<string, string>();
    getItem = (key: string) => this.map.get(key) ?? null;
    setItem = (key: string, value: string) => void this.map.set(key, value);
    removeItem = (key: string) => void this.map.delete(key);
  }
  const session = (sessid: number) => [
    'session',
    [],
    { sessid, loggedIn: false, account: null, puppet: null, mode: 0 },
  ];

  /** One page of a tab: its own connection, stores and terminal, over the tab's storage. */
  function page(storage: MapStorage) {
    const connection = new Connection({
      url: 'ws://game.test/ws',
      WebSocket: FakeWebSocket.ctor,
      tokens: storageTokenStore(storage),
      backoff: { random: () => 0.5 },
    });
    const stores = {
      connection: createConnectionStore(),
      session: createSessionStore(),
      charMenu: createCharMenuStore(),
      output: createOutputStore(),
    };
    const terminal = new FakeTerminal();
    const unbind = bindConnection(connection, stores, { snapshot: storage });
    const scrollback = new Scrollback(storage);
    const unwire = wireTerminal(connection, stores.output, terminal, { scrollback });
    connection.connect();
    const leave = () => {
      connection.leavePage();
      unwire();
      unbind();
    };
    return { connection, terminal, leave, ws: FakeWebSocket.latest() };
  }

  /** A first page that played a while under session 7, then was refreshed. */
  function refreshed() {
    const storage = new MapStorage();
    const first = page(storage);
    first.ws.serverOpen();
    first.ws.serverMessage(['text', ['Welcome'], {}]);
    first.ws.serverMessage(session(7));
    first.ws.serverMessage(['resume_token', [], { token: TOKEN, graceSeconds: 60 }]);
    first.ws.serverMessage(['text', ['\x1b[1mYou say, "hi"\x1b[0m'], { type: 'say' }]);
    first.leave();
    const second = page(storage);
    second.ws.serverOpen();
    return { storage, first, second };
  }

  it('a resumed page writes the kept text first, then "Reconnected", then what came meanwhile', () => {
    const { first, second } = refreshed();
    // Held while the resume is answered: the provisional session's greeting is never shown.
    second.ws.serverMessage(['text', ['Welcome'], {}]);
    expect(second.terminal.written).toBe('');
    second.ws.serverMessage(['resumed', [], { sessid: 7 }]);
    second.ws.serverMessage(['text', ['Bob says, "back?"'], {}]);
    const kept = first.terminal.written;
    expect(kept).toContain('You say, "hi"');
    expect(second.terminal.written).toBe(
      `${kept}\x1b[0m\x1b[33mReconnected: session #7 resumed.\x1b[0m\r\nBob says, "back?"\r\n`,
    );
  });

  it('a refused resume starts clean: the old text is neither shown nor kept', () => {
    const { storage, second } = refreshed();
    second.ws.serverMessage(['text', ['Welcome again'], {}]);
    second.ws.serverMessage(session(9));
    second.ws.serverMessage(['resume_token', [], { token: TOKEN.replace(/t/g, 'u'), graceSeconds: 60 }]);
    second.ws.serverMessage(['error', ['That session has ended.'], { code: 'E_RESUME_FAILED', input: 'resume' }]);
    expect(second.terminal.written).not.toContain('You say');
    expect(second.terminal.written).toContain('Welcome again');
    second.leave();
    const third = page(storage);
    third.ws.serverOpen();
    third.ws.serverMessage(['resumed', [], { sessid: 9 }]);
    expect(third.terminal.written).not.toContain('You say');
    expect(third.terminal.written).toContain('Welcome again');
  });

  it('a page without a token to resume with starts clean', () => {
    const { storage, first } = refreshed();
    storage.removeItem('mud.resume');
    first.leave();
    const page2 = page(storage);
    page2.ws.serverOpen();
    page2.ws.serverMessage(['text', ['Welcome'], {}]);
    expect(page2.terminal.written).toBe('Welcome\r\n');
  });

  it('quit forgets the kept text', () => {
    const { storage, second } = refreshed();
    second.ws.serverMessage(['resumed', [], { sessid: 7 }]);
    second.ws.serverClose(1000, 'quit');
    expect(storage.map.has('mud.scrollback')).toBe(false);
  });

  it('while the game is out of reach the notices are shown; the kept text still comes on resume', () => {
    vi.useFakeTimers();
    const { second } = refreshed();
    second.ws.serverClose(1006, '', false);
    expect(second.terminal.written).toContain('Connection lost');
    vi.runOnlyPendingTimers();
    const third = FakeWebSocket.latest();
    third.serverOpen();
    third.serverMessage(['resumed', [], { sessid: 7 }]);
    expect(second.terminal.written).toMatch(/Connection lost[\s\S]*You say, "hi"[\s\S]*Reconnected/);
  });
});
