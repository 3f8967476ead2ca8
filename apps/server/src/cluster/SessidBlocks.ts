/**
 * Sessids unique across the cluster (docs/cluster.md#sessions): each portal takes blocks of
 * 2^20 sessids from a counter in the cluster's bucket, updated by compare-and-set so two portals
 * starting at once never get the same block. Block 0 (sessids below 2^20) is one machine's.
 */

import { SESSID_BLOCK } from '@mud/protocol';
import type { KV } from '@nats-io/kv';

export const BLOCK_SIZE = SESSID_BLOCK;
const KEY = 'sessid-block';

export async function takeBlock(kv: KV): Promise<number> {
  for (;;) {
    const entry = await kv.get(KEY);
    try {
      if (entry?.operation !== 'PUT') {
        await kv.create(KEY, '1');
        return 1;
      }
      const next = Number(entry.string()) + 1;
      await kv.update(KEY, String(next), entry.revision);
      return next;
    } catch {
      // Another portal took a block in between: read again.
    }
  }
}

/** Hands out a portal's sessids, fetching the next block before this one runs out. */
export class SessidBlocks {
  private base: number;
  private used = 0;
  private next: number | undefined;
  private fetching = false;

  private constructor(
    private readonly kv: KV,
    block: number,
  ) {
    this.base = block * BLOCK_SIZE;
  }

  static async open(kv: KV): Promise<SessidBlocks> {
    return new SessidBlocks(kv, await takeBlock(kv));
  }

  take(): number {
    if (this.used >= BLOCK_SIZE - 1) {
      if (this.next === undefined) throw new Error('sessid block exhausted before the next one arrived');
      this.base = this.next * BLOCK_SIZE;
      this.next = undefined;
      this.used = 0;
    }
    this.used += 1;
    if (this.used > BLOCK_SIZE / 2 && this.next === undefined && !this.fetching) {
      this.fetching = true;
      void takeBlock(this.kv)
        .then((block) => {
          this.next = block;
        })
        .finally(() => {
          this.fetching = false;
        });
    }
    return this.base + this.used;
  }
}
