/**
 * SSH connections count against the same per-address limit as websockets
 * (docs/settings.md#limits, docs/telnet.md#ssh): past MUD_MAX_SESSIONS_PER_IP a new SSH login is
 * refused and its connection closed, and the sessions already open play on.
 */
import { describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import { SshPlayer, sshRefusal } from './sshClient.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';
const suite = gameSuite({ MUD_SSH_PORT: '0', MUD_MAX_SESSIONS_PER_IP: '1' });

describe('SSH and the per-address limit', () => {
  it('refuses a second session from one address while the first plays on', async () => {
    const name = uniqueName('Single');
    const web = await createAccount(suite.game, name, passwordFor(name));
    web.close();
    await web.closed;
    const port = suite.game.portOf('ssh');
    const first = await SshPlayer.login(port, name, passwordFor(name), { localAddress: '127.0.0.8' });
    try {
      await first.waitFor(LIMBO);
      const second = await sshRefusal(port, name, passwordFor(name), { localAddress: '127.0.0.8' });
      expect(second).toBeInstanceOf(Error);
      await first.command('look', LIMBO);
      // Another address is not affected.
      const other = await SshPlayer.login(port, name, passwordFor(name), { localAddress: '127.0.0.9' });
      await other.waitFor(`You are logged in as ${name}`);
      other.close();
    } finally {
      first.close();
    }
  });
});
