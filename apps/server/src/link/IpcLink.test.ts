/**
 * The IPC link's ends, over a stand-in for Node's IPC channel: what arrives is checked against the
 * protocol's schema, so a message that does not fit is dropped as a logged incident and the link
 * goes on; sends after the other side left are ignored; `flush` waits for writes in flight.
 */
import { EventEmitter } from 'node:events';
import { initialSyncData, LINK_VERSION, type PortalToServer, type ServerToPortal } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../testing/captureLogger.js';
import { portalLinkFromChild, serverLinkFromProcess } from './IpcLink.js';

/** A child process's IPC side: `send` completes its write when the test says so. */
class FakeChannel extends EventEmitter {
  connected = true;
  readonly sent: unknown[] = [];
  private readonly callbacks: ((err: Error | null) => void)[] = [];
  send(message: unknown, _handle?: undefined, _options?: object, callback?: (err: Error | null) => void): boolean {
    this.sent.push(message);
    if (callback) this.callbacks.push(callback);
    return true;
  }
  completeWrites(): void {
    for (const callback of this.callbacks.splice(0)) callback(null);
  }
  disconnect(): void {
    this.connected = false;
    this.emit('disconnect');
  }
}

/** The end of the current turn of the event loop: after the link's `setImmediate` write. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const channel = new FakeChannel();
  const { logger, lines } = captureLogger();
  // biome-ignore lint/suspicious/noExplicitAny: the fake stands in for a ChildProcess's IPC side
  const link = portalLinkFromChild(channel as any, logger);
  const received: unknown[] = [];
  link.onMessage((m) => received.push(m));
  return { channel, link, received, lines };
}

describe('IpcLink', () => {
  it('drops what does not fit the schema as a logged incident, and goes on delivering', () => {
    const { channel, received, lines } = setup();
    for (const bad of [null, 'ready', { t: 'ready' }, { t: 'ready', version: '3', pid: 1 }, { t: 'nonsense' }]) {
      channel.emit('message', bad);
    }
    const good = { t: 'ready', version: LINK_VERSION, pid: 42 };
    channel.emit('message', good);
    expect(received).toEqual([good]);
    expect(lines.filter((l) => l.includes('link-invalid-message'))).toHaveLength(5);
  });

  it('sends while connected, ignores sends after the other side left, and tells its listeners once', async () => {
    const { channel, link } = setup();
    let closes = 0;
    link.onClose(() => closes++);
    link.send({ t: 'disconnect', sessid: 1, reason: 'bye' });
    await nextTurn();
    channel.disconnect();
    channel.disconnect();
    link.send({ t: 'disconnect', sessid: 2, reason: 'bye' });
    await nextTurn();
    expect(channel.sent).toEqual([{ t: 'disconnect', sessid: 1, reason: 'bye' }]);
    expect(closes).toBe(1);
  });

  it('flush settles only once every write in flight has completed', async () => {
    const { channel, link } = setup();
    link.send({ t: 'disconnect', sessid: 1, reason: 'bye' });
    link.send({ t: 'disconnect', sessid: 2, reason: 'bye' });
    let flushed = false;
    const flush = link.flush().then(() => {
      flushed = true;
    });
    // flush() wrote the turn's queue at once: a process about to exit cannot wait for the turn.
    expect(channel.sent).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toBe(false);
    channel.completeWrites();
    await flush;
    expect(flushed).toBe(true);
  });

  it('writes everything sent in one turn as one IPC message, in order, and the next turn as another', async () => {
    const { channel, link } = setup();
    const turn: PortalToServer[] = [
      { t: 'connect', session: initialSyncData(7, '127.0.0.1', 'websocket', 1) },
      { t: 'input', sessid: 7, frame: ['text', ['look'], {}] },
      { t: 'input', sessid: 3, frame: ['text', ['say hi'], {}] },
      { t: 'disconnect', sessid: 3, reason: 'closed' },
      { t: 'drain', kind: 'reload' },
    ];
    for (const message of turn) link.send(message);
    expect(channel.sent).toEqual([]);
    await nextTurn();
    expect(channel.sent).toEqual([turn]);
    link.send({ t: 'shutdown' });
    await nextTurn();
    // Alone in its turn, a message travels bare.
    expect(channel.sent).toEqual([turn, { t: 'shutdown' }]);
  });

  it('delivers a batch in order; an element that does not fit, or a listener that throws, is an incident and the rest arrive', () => {
    const { channel, link, received, lines } = setup();
    link.onMessage((m) => {
      if (m.t === 'disconnect' && m.sessid === 2) throw new Error('listener bug');
    });
    const first = { t: 'output', batches: [{ sessids: [1], frames: [['text', ['hi'], {}]] }] };
    const second = { t: 'disconnect', sessid: 2, reason: 'quit' };
    const third = { t: 'sync', session: initialSyncData(4, '127.0.0.1', 'telnet', 1) };
    channel.emit('message', [
      first,
      { t: 'disconnect', sessid: 0, reason: 'x' },
      second,
      'junk',
      { t: 'output' },
      third,
    ]);
    expect(received).toEqual([first, second, third]);
    expect(lines.filter((l) => l.includes('link-invalid-message'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('link-handler-failed') && l.includes('listener bug'))).toHaveLength(1);
  });

  it('on the game server, output goes at once behind what was queued before it', async () => {
    const channel = new FakeChannel();
    const { logger } = captureLogger();
    // biome-ignore lint/suspicious/noExplicitAny: the fake stands in for the process's IPC side
    const link = serverLinkFromProcess(channel as any, logger);
    const sync: ServerToPortal = { t: 'sync', session: initialSyncData(4, '127.0.0.1', 'ssh', 1) };
    const output: ServerToPortal = { t: 'output', batches: [{ sessids: [4], frames: [['text', ['Welcome'], {}]] }] };
    link.send(sync);
    link.send(output);
    // The output batcher already waited for the end of its turn: no second wait.
    expect(channel.sent).toEqual([[sync, output]]);
    link.send({ t: 'stats', stats: [] });
    await nextTurn();
    expect(channel.sent).toEqual([[sync, output], { t: 'stats', stats: [] }]);
  });

  it('close writes what was sent before it', () => {
    const { channel, link } = setup();
    link.send({ t: 'shutdown' });
    link.close();
    expect(channel.sent).toEqual([{ t: 'shutdown' }]);
    expect(channel.connected).toBe(false);
  });
});
