/**
 * WebSocketSession over a stand-in socket: the output-buffer cap (MUD_MAX_OUTPUT_BUFFER), chatter
 * dropped for a lagging reader, and the input rate charged before parsing. The real-socket
 * versions are in test/attack.test.ts and test/attack-flood.test.ts.
 */
import { EventEmitter } from 'node:events';
import { CloseCode, ErrorCode, type InboundFrame, type OutboundFrame, out } from '@mud/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { PortalSessionEvents } from '../PortalSession.js';
import { FrameEncoder } from './FrameEncoder.js';
import { OUTPUT_BUFFER_FULL } from './SlowReader.js';
import { WebSocketSession } from './WebSocketSession.js';
import { EvenniaV1 } from './wire/EvenniaV1.js';
import { GmcpStandard } from './wire/GmcpStandard.js';
import type { WireFormat } from './wire/index.js';
import { JsonStandard } from './wire/JsonStandard.js';
import { Terminal } from './wire/Terminal.js';

/** Holds everything "sent" as unread, like a peer that never reads. */
class StalledSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Buffer)[] = [];
  closedWith: [number, string] | undefined;
  terminated = false;
  send(data: string | Buffer): void {
    this.sent.push(data);
    this.bufferedAmount += Buffer.byteLength(data);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006, Buffer.alloc(0));
  }
  /** The peer reads everything sent so far. */
  drain(): void {
    this.bufferedAmount = 0;
  }
  /** The frames sent, decoded. */
  frames(): OutboundFrame[] {
    return this.sent.map((f) => JSON.parse(f.toString()));
  }
}

function session(
  options: { maxOutputBuffer?: number; maxCommandRate?: number; onInput?: () => void; format?: WireFormat } = {},
) {
  const socket = new StalledSocket();
  const closed: string[] = [];
  const inputs: InboundFrame[] = [];
  const lost: number[] = [];
  const events: PortalSessionEvents = {
    input: (_s, frame) => {
      options.onInput?.();
      inputs.push(frame);
    },
    connectionLost: (_s, code) => lost.push(code),
    ended: (_s, reason) => closed.push(reason),
  };
  const s = new WebSocketSession(1, '10.0.0.1', socket as unknown as WebSocket, events, {
    maxOutputBuffer: options.maxOutputBuffer,
    maxCommandRate: options.maxCommandRate,
    format: options.format,
  });
  return { s, socket, closed, inputs, events, lost };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocketSession output buffer cap', () => {
  it('closes with 1008 and ends the session once more than the cap waits unsent', () => {
    vi.useFakeTimers();
    const { s, socket, closed } = session({ maxOutputBuffer: 10_000 });
    const line = out.text('x'.repeat(1000));
    for (let i = 0; i < 9; i++) s.send([line]);
    expect(socket.closedWith).toBeUndefined();
    s.send([line, line, line, line]);
    expect(socket.closedWith).toEqual([CloseCode.PolicyViolation, OUTPUT_BUFFER_FULL]);
    expect(closed).toEqual([OUTPUT_BUFFER_FULL]);
    // Nothing more is queued for it, not even the rest of the batch that overflowed.
    const queued = socket.sent.length;
    expect(queued).toBe(10);
    s.send([line]);
    expect(socket.sent.length).toBe(queued);
    // The peer never answers the close handshake: the socket is destroyed shortly after.
    expect(socket.terminated).toBe(false);
    vi.advanceTimersByTime(2000);
    expect(socket.terminated).toBe(true);
  });

  it('does not destroy a socket that finished closing by itself', () => {
    vi.useFakeTimers();
    const { s, socket } = session({ maxOutputBuffer: 100 });
    s.send([out.text('y'.repeat(200))]);
    expect(socket.closedWith?.[0]).toBe(CloseCode.PolicyViolation);
    socket.emit('close', CloseCode.PolicyViolation, Buffer.alloc(0));
    vi.advanceTimersByTime(5000);
    expect(socket.terminated).toBe(false);
  });

  it('0 means no cap', () => {
    const { s, socket, closed } = session({ maxOutputBuffer: 0 });
    for (let i = 0; i < 100; i++) s.send([out.text('z'.repeat(10_000))]);
    expect(socket.closedWith).toBeUndefined();
    expect(closed).toEqual([]);
  });
});

describe('WebSocketSession chatter for a lagging reader (issue 14)', () => {
  const chatter = { chatter: true };
  const said = (n: number) => out.text(`${n}: ${'s'.repeat(990)}`);
  const dropNotices = (socket: StalledSocket) =>
    socket.frames().filter((f) => f[0] === 'error' && f[2].code === ErrorCode.OutputDropped);

  it('drops chatter past half the cap instead of closing; the reader keeps its session', () => {
    const { s, socket, closed } = session({ maxOutputBuffer: 10_000 });
    for (let i = 0; i < 100; i++) s.send([said(i)], chatter);
    expect(socket.closedWith).toBeUndefined();
    expect(closed).toEqual([]);
    // Sent while at most half the cap waited; then nothing more.
    expect(socket.sent).toHaveLength(5);
    expect(socket.bufferedAmount).toBeLessThanOrEqual(5_000 + 1_100);
    expect(dropNotices(socket)).toEqual([]);
  });

  it('tells the reader how many lines it lost, once, when its backlog drains; then chatter flows again', () => {
    vi.useFakeTimers();
    const { s, socket } = session({ maxOutputBuffer: 10_000 });
    for (let i = 0; i < 100; i++) s.send([said(i)], chatter);
    // Draining to just above a quarter of the cap is not enough: no notice, still dropping.
    socket.bufferedAmount = 2_600;
    vi.advanceTimersByTime(1000);
    s.send([said(100)], chatter);
    expect(dropNotices(socket)).toEqual([]);
    // The flood is over and the peer reads: the drain check tells it without waiting for output.
    socket.drain();
    vi.advanceTimersByTime(250);
    const notices = dropNotices(socket);
    expect(notices).toHaveLength(1);
    // 101 lines of chatter, 5 of them sent before the backlog passed half the cap.
    expect(Number(/\d+/.exec(notices[0]?.[1][0] ?? '')?.[0])).toBe(96);
    s.send([said(101)], chatter);
    expect(socket.frames().at(-1)).toEqual(said(101));
    vi.advanceTimersByTime(5000);
    expect(dropNotices(socket)).toHaveLength(1);
  });

  it('the notice goes out before the next output once drained, even between drain checks', () => {
    vi.useFakeTimers();
    const { s, socket } = session({ maxOutputBuffer: 10_000 });
    for (let i = 0; i < 10; i++) s.send([said(i)], chatter);
    socket.drain();
    s.send([out.text('your own answer')]);
    const tail = socket.frames().slice(-2);
    expect(tail[0]?.[0] === 'error' && tail[0][2].code).toBe(ErrorCode.OutputDropped);
    expect(tail[1]).toEqual(out.text('your own answer'));
  });

  it("the reader's own output still reaches the cap and closes with 1008", () => {
    vi.useFakeTimers();
    const { s, socket, closed } = session({ maxOutputBuffer: 10_000 });
    for (let i = 0; i < 50; i++) s.send([said(i)], chatter);
    expect(socket.closedWith).toBeUndefined();
    for (let i = 0; i < 6; i++) s.send([out.text('a'.repeat(1000))]);
    expect(socket.closedWith).toEqual([CloseCode.PolicyViolation, OUTPUT_BUFFER_FULL]);
    expect(closed).toEqual([OUTPUT_BUFFER_FULL]);
  });

  it('drops within a batch: the part of a chatter batch past the threshold', () => {
    const { s, socket } = session({ maxOutputBuffer: 10_000 });
    s.send(
      Array.from({ length: 20 }, (_, i) => said(i)),
      chatter,
    );
    expect(socket.sent).toHaveLength(5);
    expect(socket.closedWith).toBeUndefined();
  });

  it('0 (no cap) drops nothing', () => {
    const { s, socket } = session({ maxOutputBuffer: 0 });
    for (let i = 0; i < 100; i++) s.send([said(i)], chatter);
    expect(socket.sent).toHaveLength(100);
  });

  it('a frame shared by many readers is encoded once and dropped only for the one that lags', () => {
    const encoder = new FrameEncoder();
    const format = new EvenniaV1(encoder);
    const events: PortalSessionEvents = { input: () => {}, connectionLost: () => {}, ended: () => {} };
    const slow = new StalledSocket();
    const fast = new StalledSocket();
    const a = new WebSocketSession(1, '10.0.0.1', slow as unknown as WebSocket, events, {
      maxOutputBuffer: 10_000,
      format,
    });
    const b = new WebSocketSession(2, '10.0.0.2', fast as unknown as WebSocket, events, {
      maxOutputBuffer: 10_000,
      format,
    });
    const encode = vi.spyOn(encoder, 'encode');
    for (let i = 0; i < 20; i++) {
      const frame = said(i);
      a.send([frame], chatter);
      b.send([frame], chatter);
      fast.drain();
    }
    expect(slow.sent).toHaveLength(5);
    expect(fast.sent).toHaveLength(20);
    expect(new Set(encode.mock.calls.map(([f]) => f)).size).toBe(20);
    expect(encoder.encode(said(0))).toBe(fast.sent[0]);
  });

  it('chatter held while detached is sent on resume with its mark: a lagging new socket drops it', () => {
    vi.useFakeTimers();
    const { s, socket, events } = session({ maxOutputBuffer: 10_000 });
    socket.emit('close', 1006, Buffer.alloc(0));
    expect(s.attached).toBe(false);
    for (let i = 0; i < 20; i++) s.send([said(i)], chatter);
    const next = new StalledSocket();
    const carrier = new WebSocketSession(2, '10.0.0.1', next as unknown as WebSocket, events, {
      maxOutputBuffer: 10_000,
    });
    expect(s.resumeFrom(carrier, [out.text('resumed')])).toBe(true);
    expect(next.frames()[0]).toEqual(out.text('resumed'));
    expect(next.sent.length).toBeLessThan(10);
    expect(next.closedWith).toBeUndefined();
    next.drain();
    vi.advanceTimersByTime(250);
    expect(dropNotices(next)).toHaveLength(1);
  });
});

describe('WebSocketSession input rate', () => {
  it('charges every frame before parsing; past the rate a frame is neither parsed nor answered, bar one warning', () => {
    vi.useFakeTimers();
    const { socket, inputs } = session({ maxCommandRate: 2 });
    socket.emit('message', Buffer.from('not json'), false);
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(socket.sent.map((f) => JSON.parse(String(f))[2].code)).toEqual([ErrorCode.MalformedFrame]);
    expect(inputs).toEqual([['text', ['look'], {}]]);
    socket.emit('message', Buffer.from('not json'), false);
    socket.emit('message', Buffer.from('x'), true);
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    // One warning for the whole burst, then silence.
    expect(socket.sent.map((f) => JSON.parse(String(f))[2].code)).toEqual([
      ErrorCode.MalformedFrame,
      ErrorCode.RateLimited,
    ]);
    expect(inputs).toHaveLength(1);
    // A second later the bucket has refilled.
    vi.advanceTimersByTime(1000);
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(inputs).toHaveLength(2);
  });
});

describe('WebSocketSession at the socket edge', () => {
  it('turns a throw behind a frame into an E_INTERNAL frame for this player; the session goes on', () => {
    let fail = true;
    const { s, socket, inputs, closed } = session({
      onInput: () => {
        if (fail) throw new Error('boom');
      },
    });
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(socket.sent.map((f) => JSON.parse(String(f))[2].code)).toEqual([ErrorCode.Internal]);
    fail = false;
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(inputs).toEqual([['text', ['look'], {}]]);
    expect(closed).toEqual([]);
    expect(s.attached).toBe(true);
  });
});

describe('WebSocketSession on a MUD Standards subprotocol', () => {
  it('writes what its format makes of a frame: binary text, and nothing for a frame it cannot carry', () => {
    const { s, socket } = session({ format: new Terminal() });
    s.send([out.text('hello'), out.resumeToken('t'.repeat(20), 60), out.loggedIn()]);
    expect(socket.sent).toEqual([Buffer.from('hello\r\n')]);
  });

  it('reads input through its format, errors go back in it', () => {
    const { socket, inputs } = session({ format: new GmcpStandard() });
    socket.emit('message', Buffer.from('look'), true);
    socket.emit('message', Buffer.from('Core.Text "say hi"'), false);
    socket.emit('message', Buffer.from('   '), true);
    expect(inputs).toEqual([
      ['text', ['look'], {}],
      ['text', ['say hi'], {}],
    ]);
    socket.emit('message', Buffer.from('Char.Vitals 1'), false);
    expect(socket.sent.map(String)).toEqual([
      '\x1b[31mUnknown input "char_vitals".\x1b[0m\r\n',
      'Core.Error ["Unknown input \\"char_vitals\\".",{"code":"E_UNKNOWN_INPUT","input":"char_vitals"}]',
    ]);
  });

  it('refuses a resume, which only v1.evennia.com carries, and ends when the connection drops', () => {
    const { socket, inputs, closed, lost } = session({ format: new GmcpStandard() });
    socket.emit('message', Buffer.from(`Core.Resume {"token":"${'x'.repeat(20)}"}`), false);
    expect(inputs).toEqual([]);
    expect(socket.sent.map(String)[1]).toContain(ErrorCode.ResumeFailed);
    socket.emit('close', 1006, Buffer.alloc(0));
    expect(lost).toEqual([]);
    expect(closed).toEqual(['connection closed by client']);
  });

  it('a v1 session waits to be resumed instead, and cannot be resumed from another format', () => {
    const { s, socket, closed, lost, events } = session();
    socket.emit('close', 1006, Buffer.alloc(0));
    expect(lost).toEqual([1006]);
    expect(closed).toEqual([]);
    const carrier = new WebSocketSession(2, '10.0.0.1', new StalledSocket() as unknown as WebSocket, events, {
      format: new Terminal(),
    });
    expect(s.resumeFrom(carrier, [])).toBe(false);
  });

  it('closes normally when a JSON client sends websocket_close', () => {
    const { socket, closed } = session({ format: new JsonStandard() });
    socket.emit('message', Buffer.from('{"proto":"websocket_close","id":"","data":""}'), false);
    expect(socket.closedWith?.[0]).toBe(CloseCode.Normal);
    expect(closed).toHaveLength(1);
  });
});
