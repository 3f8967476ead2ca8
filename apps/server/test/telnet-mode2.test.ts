/**
 * Mode 2 across protocols (docs/telnet.md#sessions): one account with a websocket session and a
 * telnet session, each on its own character; the telnet session takes the websocket's character
 * over, and both are told as in a websocket-only take-over.
 */
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/testing/players.js';
import { telnetPlayer } from '../src/testing/TelnetTestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '2' });

describe('mode 2 with telnet and websocket sessions of one account', () => {
  it('plays a character per protocol, and takes one over from telnet', async () => {
    const { game } = suite;
    const web = suite.track(await createAccount(game, 'Duo', 'duo-secret-123'));
    await web.command('charcreate Anna', 'Created');
    await web.command('charcreate Bella', 'Created');
    await web.command('ic Anna', 'You become Anna');
    const tel = await telnetPlayer(game.portOf('telnet'), 'connect', 'Duo', 'duo-secret-123', /logged in as Duo/);
    try {
      let mark = tel.mark;
      tel.line('ic Bella');
      await tel.waitForText('You become Bella', mark);
      mark = tel.mark;
      const from = web.frames.length;
      tel.line('say hello Anna');
      await tel.waitForText('You say, "hello Anna"', mark);
      await web.waitForText('Bella says, "hello Anna"', from);

      mark = tel.mark;
      const taken = web.frames.length;
      tel.line('ic Anna');
      await tel.waitForText('Taking over Anna from another of your sessions.', mark);
      await web.waitForText('Anna is now acted from another of your sessions.', taken);
      await web.waitForState('session', (f) => f[2].puppet === null);
      mark = tel.mark;
      tel.line('sessions');
      const sessions = await tel.waitForText(/telnet/, mark);
      expect(sessions).toMatch(/websocket/);
      expect(sessions).toMatch(/Anna/);
    } finally {
      tel.close();
    }
  });
});
