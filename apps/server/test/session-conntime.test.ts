/**
 * The session's own connection time (docs/protocol.md#frames-out): the `session` frame carries
 * `connTime`, and a resumed session keeps its first connection's time, not the new socket's, so
 * a refreshed page shows how long the session has really been connected.
 */
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect } from '../src/testing/players.js';
import { RELAXED_LIMITS } from './support.js';

describe('session connTime', () => {
  it('is sent in the session frame and kept through a resume', async () => {
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '30' } });
    try {
      const before = Date.now();
      const first = await connect(game);
      const state = first.last('session')?.[2];
      const connTime = state?.connTime ?? 0;
      expect(connTime).toBeGreaterThanOrEqual(before - 1000);
      expect(connTime).toBeLessThanOrEqual(Date.now());
      const token = first.last('resume_token')?.[2].token ?? '';

      // The next socket opens strictly later, so its own time differs from the session's.
      await expect.poll(() => Date.now(), { timeout: 5000 }).toBeGreaterThan(connTime + 5);
      first.socket.terminate();
      await first.closed;

      const second = await connect(game);
      const own = second.last('session')?.[2];
      expect(own?.connTime).toBeGreaterThan(connTime);
      const from = second.frames.length;
      second.send(['resume', [], { token }]);
      await second.waitForFrame('resumed', from);
      const restated = await second.waitForState('session', (f) => f[2].sessid === state?.sessid);
      expect(restated[2].connTime).toBe(connTime);

      // The login keeps it too.
      second.line('create Clocky clocky-secret-1');
      const loggedIn = await second.waitForState('session', (f) => f[2].loggedIn);
      expect(loggedIn[2]).toMatchObject({ sessid: state?.sessid, connTime });
      second.close();
    } finally {
      await game.stop();
    }
  });
});
