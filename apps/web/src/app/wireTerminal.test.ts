import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../net/Connection.js';
import { FakeWebSocket } from '../net/FakeWebSocket.js';
import { createOutputStore } from '../stores/outputStore.js';
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
