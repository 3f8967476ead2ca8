/**
 * An SSH session across a restart of the game server (docs/architecture.md#restarting-the-game-server):
 * `reload` and a kill -9 keep it connected and logged in, and a line typed while the new server
 * loads is answered after; and the host key across a restart of the whole game
 * (docs/telnet.md#ssh-host-key): made once, the same one served again.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { SshPlayer } from './sshClient.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';

let admin: TestClient;
const suite = gameSuite({ MUD_SSH_PORT: '0' }, async (s) => {
  admin = s.track(await createAccount(s.game, 'Root', 'root-secret-1'));
});

async function sshAccount(prefix: string, onHostKey?: (key: Buffer) => void): Promise<SshPlayer> {
  const name = uniqueName(prefix);
  const web = await createAccount(suite.game, name, passwordFor(name));
  web.close();
  await web.closed;
  const player = await SshPlayer.login(suite.game.portOf('ssh'), name, passwordFor(name), {
    ...(onHostKey ? { onHostKey } : {}),
  });
  await player.waitFor(LIMBO);
  return player;
}

describe('SSH across restarts', () => {
  it('stays connected through a reload, and a line typed during it is answered after', async () => {
    const player = await sshAccount('Reloader');
    try {
      const from = player.text().length;
      admin.line('reload');
      await expect.poll(async () => (await suite.game.health()).server, { interval: 20 }).toBe('reloading');
      const typed = player.text().length;
      player.line('look');
      // The echoed line, then the room: answered by the game server the reload started.
      await player.waitFor(/look\r\n[\s\S]*The void between worlds/, typed);
      const after = await player.waitFor('Server restarted', from);
      expect(after).toContain('Server restart initiated');
      // Still the same logged-in session: another command is answered too.
      await player.command('look', LIMBO);
    } finally {
      player.close();
    }
  });

  it('stays connected through a kill -9 of the game server, and a line typed meanwhile is answered after', async () => {
    const player = await sshAccount('Survivor');
    try {
      const from = player.text().length;
      process.kill(await suite.game.pid('server'), 'SIGKILL');
      await player.waitFor('stopped unexpectedly', from);
      const typed = player.text().length;
      player.line('say typed while it was down');
      await player.waitFor('Server restarted', from);
      await player.waitFor('You say, "typed while it was down"', typed);
      await player.command('look', LIMBO);
    } finally {
      player.close();
    }
  });

  it('serves the same host key after the portal restarts, kept private in the data directory', async () => {
    const keys: Buffer[] = [];
    const before = await sshAccount('Keyholder', (key) => keys.push(key));
    before.close();
    const file = join(suite.game.dataDir, 'ssh_host_ed25519_key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await suite.game.restart();
    const after = await sshAccount('Returner', (key) => keys.push(key));
    after.close();
    expect(keys).toHaveLength(2);
    expect(keys[1]?.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
  });
});
