/**
 * A telnet player through a `reload` and a kill -9 of the game server
 * (docs/telnet.md#sessions): the connection stays, and lines typed meanwhile are answered after.
 */
import { describe, expect, it } from 'vitest';
import { telnetPlayer } from '../src/testing/TelnetTestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});
const LIMBO = 'The void between worlds';

describe('telnet across game server restarts', () => {
  it('keeps a telnet session through reload and kill -9, answering lines typed meanwhile', async () => {
    const { game } = suite;
    const port = game.portOf('telnet');
    // The first account is the superuser: it may `reload`.
    const root = await telnetPlayer(port, 'create', 'Root', 'root-secret-1', LIMBO);
    try {
      let mark = root.mark;
      root.line('reload');
      for (let i = 1; i <= 3; i++) root.line(`say reload line ${i}`);
      await root.waitForText('You say, "reload line 3"', mark);
      await root.waitForText('Server restarted', mark);
      const text = root.text(mark);
      const positions = [1, 2, 3].map((i) => text.indexOf(`You say, "reload line ${i}"`));
      expect(positions.every((p, i) => p !== -1 && p > (positions[i - 1] ?? -1))).toBe(true);

      mark = root.mark;
      process.kill(await game.pid('server'), 'SIGKILL');
      await root.waitForText('stopped unexpectedly', mark);
      root.line('say typed while it was down');
      await root.waitForText('Server restarted', mark, 30_000);
      await root.waitForText('You say, "typed while it was down"', mark, 30_000);
      expect(root.isClosed).toBe(false);
      mark = root.mark;
      root.line('look');
      await root.waitForText(LIMBO, mark);
    } finally {
      root.close();
    }
  }, 90_000);
});
