/**
 * SSH (docs/telnet.md#ssh) against the real portal and game server: `ssh name@host` with the
 * account's password logs straight in and plays like any session; wrong passwords and unknown
 * names are refused and throttled by the game, by address, as on the websocket; the session ends
 * as soon as the client closes.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import { LoginRefused, TestClient } from '../src/testing/TestClient.js';
import { SshPlayer, sshRefusal } from './sshClient.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';
const THROTTLE_LIMIT = 3;

/** The game's first account, its superuser: `who` shows it every session's protocol. */
let admin: TestClient;
const suite = gameSuite({ MUD_SSH_PORT: '0', MUD_LOGIN_THROTTLE_LIMIT: String(THROTTLE_LIMIT) }, async (s) => {
  admin = s.track(await createAccount(s.game, 'Root', 'root-secret-1'));
});

/** An account made over the websocket, whose connection is closed again: SSH logs in to it. */
async function account(prefix: string): Promise<{ name: string; password: string }> {
  const name = uniqueName(prefix);
  const password = passwordFor(name);
  const web = await createAccount(suite.game, name, password);
  web.close();
  await web.closed;
  return { name, password };
}

async function sshLogin(prefix: string, options: Parameters<typeof SshPlayer.login>[3] = {}) {
  const { name, password } = await account(prefix);
  const player = await SshPlayer.login(suite.game.portOf('ssh'), name, password, options);
  return { name, password, player };
}

/** `who` as a websocket player sees it, until `check` holds. */
async function whoUntil(web: TestClient, check: (who: string) => boolean): Promise<string> {
  for (;;) {
    const who = await web.command('who', /logged in/);
    if (check(who)) return who;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('SSH', () => {
  it('logs straight in with the account password: the welcome and the room, then commands answer', async () => {
    const { name, player } = await sshLogin('Ssh');
    try {
      await player.waitFor(`You are logged in as ${name}`);
      await player.waitFor(LIMBO);
      const from = player.text().length;
      await player.command('look', LIMBO);
      // The typed line is echoed back by the portal: the client shows only what the server sends.
      expect(player.text().slice(from)).toMatch(/^look\r\n/);
      // No connection screen: the player is already logged in when the shell opens.
      expect(player.text()).not.toContain('connect <username> <password>');
    } finally {
      player.close();
    }
  });

  it('talks with a websocket player in the same room, both ways', async () => {
    const { name, player } = await sshLogin('Talker');
    const webName = uniqueName('Webber');
    const web = suite.track(await createAccount(suite.game, webName, passwordFor(webName)));
    try {
      await player.waitFor(LIMBO);
      const mark = web.frames.length;
      player.line('say hello from the terminal');
      await web.waitForText(`${name} says, "hello from the terminal"`, mark);
      const from = player.text().length;
      web.line('say hi from the browser');
      await player.waitFor(`${webName} says, "hi from the browser"`, from);
    } finally {
      player.close();
    }
  });

  it('shows in `who` with protocol ssh, and leaves it as soon as the client closes', async () => {
    const { name, player } = await sshLogin('Lister');
    await player.waitFor(LIMBO);
    const listed = new RegExp(`^${name}\\s.*\\sssh\\s+127\\.0\\.0\\.1`, 'm');
    expect(await whoUntil(admin, (who) => listed.test(who))).toMatch(listed);
    player.close();
    await player.closed;
    // Gone well inside MUD_RESUME_GRACE (60 s): an SSH session does not wait to be resumed.
    await whoUntil(admin, (who) => !who.includes(name));
  }, 20_000);

  it("shows the game's goodbye and closes the connection on `quit`", async () => {
    const { player } = await sshLogin('Quitter');
    await player.waitFor(LIMBO);
    player.line('quit');
    await player.closed;
    expect(player.text()).toContain('Quitting. Hope to see you again, soon.');
  });

  it('refuses a wrong password and an unknown name, as "Permission denied"', async () => {
    const { name } = await account('Guarded');
    const port = suite.game.portOf('ssh');
    const wrong = await sshRefusal(port, name, 'not-the-password', { localAddress: '127.0.0.2' });
    expect(wrong.level).toBe('client-authentication');
    const unknown = await sshRefusal(port, uniqueName('Nobody'), 'whatever-pw-1', { localAddress: '127.0.0.3' });
    expect(unknown.level).toBe('client-authentication');
  });

  it('throttles failed logins by address: past the limit even the right password is refused', async () => {
    const { name, password } = await account('Throttled');
    const port = suite.game.portOf('ssh');
    const from = { localAddress: '127.0.0.4' };
    for (let i = 0; i < THROTTLE_LIMIT; i++) {
      expect((await sshRefusal(port, name, `wrong-guess-${i}`, from)).level).toBe('client-authentication');
    }
    expect((await sshRefusal(port, name, password, from)).level).toBe('client-authentication');
    // The same throttle the websocket's login meets, from that address...
    const web = suite.track(await TestClient.connect(suite.game.wsUrl, from));
    await web.waitForSession();
    const refused = await web.enter('login', name, password).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LoginRefused);
    expect((refused as LoginRefused).code).toBe(ErrorCode.Throttled);
    // ...and nobody else's: another address logs in.
    const player = await SshPlayer.login(port, name, password, { localAddress: '127.0.0.5' });
    await player.waitFor(`You are logged in as ${name}`);
    player.close();
  });

  it('reads lines without echo from a shell without a pty', async () => {
    const { player } = await sshLogin('Piped', { pty: false });
    try {
      await player.waitFor(LIMBO);
      const from = player.text().length;
      player.type('look\n');
      await player.waitFor(LIMBO, from);
      expect(player.text().slice(from)).not.toContain('look\r\n');
    } finally {
      player.close();
    }
  });
});
