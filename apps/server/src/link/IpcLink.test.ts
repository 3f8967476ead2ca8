/**
 * The IPC link's ends, over a stand-in for Node's IPC channel: what arrives is checked against the
 * protocol's schema, so a message that does not fit is dropped as a logged incident and the link
 * goes on; sends after the other side left are ignored; `flush` waits for writes in flight.
 */
import { EventEmitter } from 'node:events';
import { LINK_VERSION } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../testing/captureLogger.js';
import { portalLinkFromChild } from './IpcLink.js';

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

  it('sends while connected, ignores sends after the other side left, and tells its listeners once', () => {
    const { channel, link } = setup();
    let closes = 0;
    link.onClose(() => closes++);
    link.send({ t: 'disconnect', sessid: 1, reason: 'bye' });
    channel.disconnect();
    channel.disconnect();
    link.send({ t: 'disconnect', sessid: 2, reason: 'bye' });
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
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toBe(false);
    channel.completeWrites();
    await flush;
    expect(flushed).toBe(true);
  });
});
