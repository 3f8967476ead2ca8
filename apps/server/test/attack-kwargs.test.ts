/**
 * Deep kwargs under load (issue 14, item 1), over real sockets: before the protocol bounded open
 * kwargs, `["text",["look"],{"a":[[[…20,000 deep]]]}]` passed the schema and overflowed the
 * portal's `JSON.stringify`, logging a stack per frame; four sockets at 75 frames/s (under the
 * rate limit) made another player's `look` take 3–5 s. Now each frame is refused with
 * `E_KWARGS_TOO_LARGE` and a bystander's `look` stays within 10x of its quiet figure.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/testing/players.js';
import { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});
const DEEP = `["text", ["look"], {"a": ${'['.repeat(20_000)}${']'.repeat(20_000)}}]`;

/** Median of the bystander's `look` round trips, in ms. */
async function lookMedian(player: TestClient, times: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await player.command('look', 'The void between worlds');
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.NaN;
}

describe('deep kwargs (issue 14)', () => {
  it('are refused with a code, and four attacking sockets leave a bystander’s look within 10x of quiet', async () => {
    const bystander = suite.track(await createAccount(suite.game, 'Bystander', 'bystander-secret-1'));
    const quiet = await lookMedian(bystander, 15);

    const attackers = await Promise.all(
      Array.from({ length: 4 }, async () => suite.track(await TestClient.connect(suite.game.wsUrl))),
    );
    const first = attackers[0];
    if (!first) throw new Error('no attacker');
    first.socket.send(DEEP);
    expect((await first.waitForFrame('error'))[2].code).toBe(ErrorCode.KwargsTooLarge);

    // 75 frames a second from each, under MUD_MAX_COMMAND_RATE (80), for the whole measurement.
    const flood = setInterval(() => {
      for (const attacker of attackers) for (let i = 0; i < 3; i++) attacker.socket.send(DEEP);
    }, 40);
    let loaded: number;
    try {
      // Long enough for a portal that cannot keep up to build a backlog (it did: seconds).
      await new Promise((resolve) => setTimeout(resolve, 2000));
      loaded = await lookMedian(bystander, 15);
    } finally {
      clearInterval(flood);
    }
    // Quiet looks take a few milliseconds; on a busy two-core machine the test's own sockets and
    // scheduling add tens, so the quiet figure is floored at 20 ms. A portal that cannot keep up
    // falls behind by seconds within the two-second flood, far past the bound.
    expect(loaded).toBeLessThan(10 * Math.max(quiet, 20));
    for (const attacker of attackers) expect(attacker.closeCode).toBeUndefined();
    const codes = new Set(first.frames.flatMap((f) => (f[0] === 'error' ? [f[2].code] : [])));
    expect([...codes].every((c) => c === ErrorCode.KwargsTooLarge || c === ErrorCode.RateLimited)).toBe(true);
  });
});
