/**
 * WebSocketSession over a stand-in socket: the output-buffer cap (MUD_MAX_OUTPUT_BUFFER) and the
 * input rate charged before parsing. The real-socket versions are in test/attack.test.ts.
 */
import { EventEmitter } from 'node:events';
import { CloseCode, ErrorCode, type InboundFrame, out } from '@mud/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { PortalSessionEvents } from '../PortalSession.js';
import { OUTPUT_BUFFER_FULL, WebSocketSession } from './WebSocketSession.js';

/** Holds everything "sent" as unread, like a peer that never reads. */
class StalledSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: [number, string] | undefined;
  terminated = false;
  send(data: string): void {
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
}

function session(options: { maxOutputBuffer?: number; maxCommandRate?: number; onInput?: () => void } = {}) {
  const socket = new StalledSocket();
  const closed: string[] = [];
  const inputs: InboundFrame[] = [];
  const events: PortalSessionEvents = {
    input: (_s, frame) => {
      options.onInput?.();
      inputs.push(frame);
    },
    connectionLost: () => {},
    ended: (_s, reason) => closed.push(reason),
  };
  const s = new WebSocketSession(1, '10.0.0.1', socket as unknown as WebSocket, events, {
    maxOutputBuffer: options.maxOutputBuffer,
    maxCommandRate: options.maxCommandRate,
  });
  return { s, socket, closed, inputs };
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

describe('WebSocketSession input rate', () => {
  it('charges every frame before parsing; past the rate a frame is neither parsed nor answered, bar one warning', () => {
    vi.useFakeTimers();
    const { socket, inputs } = session({ maxCommandRate: 2 });
    socket.emit('message', Buffer.from('not json'), false);
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(socket.sent.map((f) => JSON.parse(f)[2].code)).toEqual([ErrorCode.MalformedFrame]);
    expect(inputs).toEqual([['text', ['look'], {}]]);
    socket.emit('message', Buffer.from('not json'), false);
    socket.emit('message', Buffer.from('x'), true);
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    // One warning for the whole burst, then silence.
    expect(socket.sent.map((f) => JSON.parse(f)[2].code)).toEqual([ErrorCode.MalformedFrame, ErrorCode.RateLimited]);
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
    expect(socket.sent.map((f) => JSON.parse(f)[2].code)).toEqual([ErrorCode.Internal]);
    fail = false;
    socket.emit('message', Buffer.from('["text", ["look"], {}]'), false);
    expect(inputs).toEqual([['text', ['look'], {}]]);
    expect(closed).toEqual([]);
    expect(s.attached).toBe(true);
  });
});
