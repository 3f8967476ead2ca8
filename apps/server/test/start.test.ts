/**
 * `npm start` as an operator runs it (docs/settings.md#running-it): `scripts/start.mjs` on a set-up checkout serves
 * the game and the web client, takes its settings from the environment, and passes SIGTERM on
 * for the graceful shutdown (clients closed with 1001, exit 0). How fast it serves is measured by
 * the bench (scenario 0), not here.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { TestClient } from '../src/testing/TestClient.js';

describe('npm start', () => {
  it('serves the game with the settings of its environment and shuts down cleanly on SIGTERM', async () => {
    const game = await GameProcess.start({
      command: 'npm start',
      env: { MUD_MAX_FRAME_BYTES: '1024', MUD_SERVER_NAME: 'Start Test' },
    });
    try {
      expect(await (await fetch(game.url)).text()).toContain('<div id="root">');
      const player = await TestClient.connect(game.wsUrl);
      await player.waitForText('Start Test');
      // A frame just under the configured limit is served; one over it is refused with 1009.
      player.line(`look ${'x'.repeat(900)}`);
      await player.waitForText('connect <username> <password>', 1);
      const bystander = await TestClient.connect(game.wsUrl);
      await bystander.waitForText('Start Test');
      player.line('x'.repeat(1100));
      expect(await player.closed).toBe(CloseCode.MessageTooBig);

      expect(await game.stop('SIGTERM')).toBe(0);
      expect(await bystander.closed).toBe(CloseCode.GoingAway);
    } finally {
      await game.stop('SIGKILL');
    }
  }, 120_000);
});
