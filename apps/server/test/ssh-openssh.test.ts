/**
 * OpenSSH's own client against the real portal (docs/telnet.md#ssh): what a player runs,
 * `ssh -p PORT name@host`, with the password given by `sshpass`. Skipped, saying so, where the
 * binaries are missing (`apt-get install -y openssh-client sshpass`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import { plain } from '../src/testing/text.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';
const found = (command: string, args: string[]) => spawnSync(command, args).error === undefined;
const available = found('ssh', ['-V']) && found('sshpass', ['-V']);
if (!available) {
  console.warn('ssh-openssh.test: skipped, `ssh` or `sshpass` is missing (apt-get install -y openssh-client sshpass)');
}

class OpenSsh {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString('utf8');
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString('utf8');
    });
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  static start(port: number, name: string, password: string): OpenSsh {
    const args = [
      '-p',
      password,
      'ssh',
      '-tt',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'NumberOfPasswordPrompts=1',
      '-p',
      String(port),
      `${name}@127.0.0.1`,
    ];
    return new OpenSsh(spawn('sshpass', args, { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  async waitFor(needle: string | RegExp, from = 0): Promise<void> {
    const until = Date.now() + 30_000;
    while (!plain(this.output.slice(from)).match(needle)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${String(needle)}; ssh shows:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  type(keys: string): void {
    this.child.stdin?.write(keys);
  }
}

const suite = gameSuite({ MUD_SSH_PORT: '0' });

async function account(): Promise<{ name: string; password: string }> {
  const name = uniqueName('Openssh');
  const web = await createAccount(suite.game, name, passwordFor(name));
  web.close();
  await web.closed;
  return { name, password: passwordFor(name) };
}

describe.skipIf(!available)('OpenSSH client', () => {
  it('logs in with the password, plays, and leaves on Ctrl-D with exit status 0', async () => {
    const { name, password } = await account();
    const ssh = OpenSsh.start(suite.game.portOf('ssh'), name, password);
    try {
      await ssh.waitFor(`You are logged in as ${name}`);
      await ssh.waitFor(LIMBO);
      const from = ssh.output.length;
      ssh.type('look\r');
      await ssh.waitFor(/look\r\n[\s\S]*The void between worlds/, from);
      ssh.type('\x04');
      expect(await ssh.exited).toBe(0);
      expect(plain(ssh.output)).toContain('Goodbye.');
    } finally {
      ssh.child.kill();
    }
  });

  it('is refused a wrong password: "Permission denied", exit status 255', async () => {
    const { name } = await account();
    const ssh = OpenSsh.start(suite.game.portOf('ssh'), name, 'not-the-password');
    try {
      expect(await ssh.exited).toBe(255);
      expect(ssh.output).toContain('Permission denied (password)');
      expect(ssh.output).not.toContain(LIMBO);
    } finally {
      ssh.child.kill();
    }
  });
});
