/**
 * A hostile SSH client against the real portal (docs/telnet.md#ssh): what it may not open is
 * refused and a client that keeps asking is cut off; huge window changes, password loops, byte
 * floods and typed escape sequences harm nobody, and reach no other player's terminal.
 */
import { Socket } from 'node:net';
import { Limits } from '@mud/protocol';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_TRIES } from '../src/portal/protocols/ssh/SshConnection.js';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import { SshPlayer, sshRefusal } from './sshClient.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';
const THROTTLE_LIMIT = 3;

const suite = gameSuite({ MUD_SSH_PORT: '0', MUD_LOGIN_THROTTLE_LIMIT: String(THROTTLE_LIMIT) });

async function account(prefix: string) {
  const name = uniqueName(prefix);
  const password = passwordFor(name);
  const web = await createAccount(suite.game, name, password);
  web.close();
  await web.closed;
  return { name, password };
}

async function sshPlayer(prefix: string) {
  const { name, password } = await account(prefix);
  const player = await SshPlayer.login(suite.game.portOf('ssh'), name, password);
  await player.waitFor(LIMBO);
  return { name, player };
}

/** Whether a request of the client's is refused: the callback's error. */
function refused(ask: (done: (err: Error | undefined) => void) => void): Promise<boolean> {
  return new Promise((resolve) => ask((err) => resolve(err !== undefined)));
}

const exec = (client: Client) => refused((done) => client.exec('cat /etc/passwd', (err) => done(err)));

describe('SSH under attack', () => {
  it('refuses exec, SFTP, port forwarding and a second shell; the first shell plays on', async () => {
    const { player } = await sshPlayer('Prober');
    const { client } = player;
    try {
      expect(await exec(client)).toBe(true);
      expect(await refused((done) => client.sftp((err) => done(err)))).toBe(true);
      // No tunnelling through the game to its own HTTP port, or anywhere else.
      expect(await refused((done) => client.forwardOut('127.0.0.1', 1, '127.0.0.1', suite.game.port, done))).toBe(true);
      expect(await refused((done) => client.forwardIn('127.0.0.1', 0, (err) => done(err)))).toBe(true);
      expect(await refused((done) => client.shell((err) => done(err)))).toBe(true);
      await player.command('look', LIMBO);
    } finally {
      player.close();
    }
  });

  it('disconnects a client that keeps asking for what is refused', async () => {
    const { player } = await sshPlayer('Pest');
    for (let i = 0; i < 30; i++) void exec(player.client);
    await player.closed;
  });

  it('takes huge window changes in its stride', async () => {
    const { player } = await sshPlayer('Stretcher');
    try {
      for (let i = 0; i < 500; i++) player.stream.setWindow(2 ** 31 - 1, 2 ** 31 - 1, 0, 0);
      player.stream.setWindow(0, 0, 0, 0);
      await player.command('look', LIMBO);
    } finally {
      player.close();
    }
  });

  it('closes a connection that loops on wrong passwords, and the game throttles its address', async () => {
    const { name, password } = await account('Looped');
    const from = { localAddress: '127.0.0.6' };
    let tries = 0;
    const error = await sshRefusal(suite.game.portOf('ssh'), name, 'unused', {
      ...from,
      authHandler: (_methods, _partial, next) => {
        tries += 1;
        // `false` (no more methods) is ssh2's documented way to give up; its types leave it out.
        const give = next as (method: unknown) => void;
        give(tries > 50 ? false : { type: 'password', username: name, password: `guess-number-${tries}` });
      },
    });
    expect(error).toBeInstanceOf(Error);
    // The portal closed the connection after its tries (the client may have asked once more meanwhile).
    expect(tries).toBeLessThanOrEqual(MAX_PASSWORD_TRIES + 2);
    expect((await sshRefusal(suite.game.portOf('ssh'), name, password, from)).level).toBe('client-authentication');
  });

  it('rate-limits a flood of lines, refuses an endless line, and serves everyone else meanwhile', async () => {
    const { player } = await sshPlayer('Flooder');
    const bystanderName = uniqueName('Bystander');
    const bystander = suite.track(await createAccount(suite.game, bystanderName, passwordFor(bystanderName)));
    try {
      player.type('x'.repeat(1024 * 1024));
      player.type('\r');
      player.type('look\r'.repeat(2000));
      await player.waitFor(`Lines are limited to ${Limits.lineLength} characters.`);
      await player.waitFor('You entered commands too fast');
      await bystander.command('look', LIMBO);
    } finally {
      player.close();
    }
  });

  it('strips escape sequences typed over SSH before another player sees the line', async () => {
    const { name, player } = await sshPlayer('Painter');
    const witnessName = uniqueName('Witness');
    const witness = suite.track(await createAccount(suite.game, witnessName, passwordFor(witnessName)));
    try {
      const mark = witness.frames.length;
      player.type('say \x1b[2J\x1b]0;owned\x07clean\x1b[5m words\u009b1m\x1bP+q\x1b\\ here\r');
      await witness.waitForText(`${name} says, "clean words here"`, mark);
      const said = witness.raw.slice(-5).find((frame) => frame.includes('clean words'));
      expect(said).toBeDefined();
      // Only the game's own colour codes (SGR) remain: no clear-screen, title, blink or DCS.
      const decoded = JSON.parse(said ?? '[]')[1][0] as string;
      expect(decoded.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(decoded).not.toMatch(/owned|2J|\x1b\[5m/);
    } finally {
      player.close();
    }
  });

  it('closes a connection that speaks HTTP instead of SSH at once, and keeps serving', async () => {
    const socket = new Socket();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    // Read what the server says (its own identification), so its close is seen.
    socket.resume();
    socket.connect(suite.game.portOf('ssh'), '127.0.0.1', () => {
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    // Well before the minute a connection has to log in.
    await closed;
    const { player } = await sshPlayer('Afterwards');
    player.close();
  }, 20_000);
});
