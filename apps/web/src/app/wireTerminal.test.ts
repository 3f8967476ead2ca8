import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../net/Connection.js';
import { FakeWebSocket } from '../net/FakeWebSocket.js';
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
  const terminal = new FakeTerminal();
  const warnings: string[] = [];
  const unwire = wireTerminal(connection, terminal, { resizeDebounceMs: 100, warn: (m) => warnings.push(m) });
  connection.connect();
  return { connection, terminal, warnings, unwire, ws: FakeWebSocket.latest() };
}

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

describe('wireTerminal', () => {
  it('sends client_options with the terminal size when the socket opens', () => {
    const { ws } = setup();
    ws.serverOpen();
    expect(ws.sentFrames()).toEqual([
      ['client_options', [], { screenwidth: 80, screenheight: 24, ansi: true, utf8: true }],
    ]);
  });

  it('sends client_options once after a burst of resizes', () => {
    vi.useFakeTimers();
    const { ws, terminal } = setup();
    ws.serverOpen();
    terminal.resize(100, 30);
    terminal.resize(120, 40);
    vi.advanceTimersByTime(100);
    expect(ws.sentFrames().slice(1)).toEqual([
      ['client_options', [], { screenwidth: 120, screenheight: 40, ansi: true, utf8: true }],
    ]);
  });

  it('writes text, prompt and error frames, not state frames', () => {
    const { ws, terminal } = setup();
    ws.serverOpen();
    ws.serverMessage(['text', ['Welcome\n'], {}]);
    ws.serverMessage(['logged_in', [], {}]);
    ws.serverMessage(['error', ['No.'], { code: 'E_LOGIN_FAILED' }]);
    expect(terminal.written).toBe('Welcome\r\n\x1b[31mNo.\x1b[0m\r\n');
  });

  it('warns about dropped frames without writing them', () => {
    const { ws, terminal, warnings } = setup();
    ws.serverOpen();
    ws.serverMessage('{"oops":1}');
    expect(terminal.written).toBe('');
    expect(warnings).toHaveLength(1);
  });

  it('announces a closed connection', () => {
    const { ws, terminal } = setup();
    ws.serverOpen();
    ws.serverClose(1001, 'Server shutting down');
    expect(terminal.written).toContain('Connection closed (code 1001: Server shutting down).');
  });

  it('says only "closed" when the close carried no code', () => {
    const { ws, terminal } = setup();
    ws.serverOpen();
    ws.serverClose(1005, '');
    expect(terminal.written).toContain('Connection closed.');
  });

  it('does not resend an unchanged size, but tells a new socket again', () => {
    vi.useFakeTimers();
    const { connection, ws, terminal } = setup();
    ws.serverOpen();
    terminal.resize(80, 24);
    vi.advanceTimersByTime(100);
    expect(ws.sent).toHaveLength(1);
    ws.serverClose();
    connection.connect();
    const second = FakeWebSocket.latest();
    second.serverOpen();
    expect(second.sentFrames()).toEqual([
      ['client_options', [], { screenwidth: 80, screenheight: 24, ansi: true, utf8: true }],
    ]);
  });

  it('stops after unwiring', () => {
    const { ws, terminal, unwire } = setup();
    unwire();
    ws.serverOpen();
    ws.serverMessage(['text', ['x\n'], {}]);
    expect(terminal.written).toBe('');
    expect(ws.sent).toEqual([]);
  });
});
