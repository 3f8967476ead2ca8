import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsServer } from '../testing/NatsServer.js';
import { BLOCK_SIZE, SessidBlocks, takeBlock } from './SessidBlocks.js';

let nats: NatsServer;
beforeAll(async () => {
  nats = await NatsServer.start();
});
afterAll(async () => {
  await nats.stop();
});

describe('SessidBlocks (docs/cluster.md#sessions)', () => {
  it('never gives two portals the same block, however many ask at once', async () => {
    const connections = await Promise.all([1, 2, 3, 4].map(() => connect({ servers: nats.url })));
    try {
      const buckets = await Promise.all(connections.map((nc) => new Kvm(nc).create('mud_cluster')));
      const blocks = await Promise.all(buckets.flatMap((kv) => [takeBlock(kv), takeBlock(kv), takeBlock(kv)]));
      expect(new Set(blocks).size).toBe(12);
      expect(Math.min(...blocks)).toBeGreaterThanOrEqual(1);

      const sessids = await SessidBlocks.open(buckets[0] as never);
      const first = sessids.take();
      expect(first % BLOCK_SIZE).toBe(1);
      expect(sessids.take()).toBe(first + 1);
      expect(Number.isSafeInteger(first)).toBe(true);
    } finally {
      await Promise.all(connections.map((nc) => nc.close()));
    }
  });
});
