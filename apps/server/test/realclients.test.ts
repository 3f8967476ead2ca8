/**
 * Real outside clients against the real portal (docs/telnet.md): TinTin++ over telnet with MCCP2
 * and GMCP on, OpenSSH's `ssh` with a password, and the system's `telnet`. Each plays through
 * the client itself and the test reads what the player would read: TinTin++'s session log, the
 * output of `ssh` and `telnet`. `npm test` installs the clients from Debian when they are
 * missing (scripts/setup.mjs); a test is skipped only when its program is not on this machine.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../src/testing/TestClient.js';
import { asRegExp, plain } from '../src/testing/text.js';
import { gameSuite } from './support.js';

const TINTIN = '/usr/games/tt++';
const TMUX = '/usr/bin/tmux';
const SSH = '/usr/bin/ssh';
const SSHPASS = '/usr/bin/sshpass';
const TELNET = '/usr/bin/telnet';

/** What is missing of `programs`, as the reason a test is skipped (`npm test` installs them). */
function missing(...programs: string[]): string | undefined {
  const absent = programs.filter((p) => !existsSync(p));
  return absent.length > 0 ? `not installed: ${absent.join(', ')} (npm test installs them from Debian)` : undefined;
}

const suite = gameSuite({ MUD_SSH_PORT: '0' });
const work = mkdtempSync(join(tmpdir(), 'mud-realclients-'));
/** A tmux server of this file's own, so nothing else's sessions are touched. */
const tmuxSocket = `mud-realclients-${process.pid}`;
const children: ChildProcess[] = [];

afterAll(() => {
  if (existsSync(TMUX)) {
    try {
      execFileSync(TMUX, ['-L', tmuxSocket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // no server left
    }
  }
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/**
 * Polls `read()` until its text from offset `from` on (ANSI colour stripped) contains `needle`;
 * returns that text. Pass the text's length before a command to see only its answer.
 */
async function waitForText(
  read: () => string,
  needle: string | RegExp,
  what: string,
  from = 0,
  timeoutMs = 20_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = plain(read().slice(from));
    if (asRegExp(needle).test(text)) return text;
    if (Date.now() > until) throw new Error(`${what}: no "${needle}" in ${timeoutMs} ms; it shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const readFile = (path: string) => () => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** Creates an account (and, mode 0, its character) over the websocket, then quits. */
async function createAccount(name: string, password: string): Promise<void> {
  const client = await TestClient.connect(suite.game.wsUrl);
  await client.command(`create ${name} ${password}`, `logged in as ${name}`);
  client.line('quit');
  await client.closed;
}

/** Runs `program` with piped stdio; its output (stdout and stderr) is read with `output()`. */
function run(
  program: string,
  args: string[],
): { child: ChildProcess; output: () => string; type: (s: string) => number } {
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  // Types `s` and returns the output's length before, to wait for the answer after it.
  const type = (s: string) => {
    const from = output.length;
    child.stdin?.write(s);
    return from;
  };
  return { child, output: () => output, type };
}

/**
 * Resolves with `child`'s exit code when it exits (the game closed the connection); fails with
 * its output after `timeoutMs`.
 */
function exitOf(child: ChildProcess, output: () => string, what: string, timeoutMs = 20_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(
      () => reject(new Error(`${what}: still running after ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('TinTin++ over telnet', () => {
  /** Types `line` into the TinTin++ terminal, as a player at the keyboard; returns the log's length before. */
  const typeInto = (session: string, line: string, log: () => string): number => {
    const from = log().length;
    execFileSync(TMUX, ['-L', tmuxSocket, 'send-keys', '-t', session, '-l', line]);
    execFileSync(TMUX, ['-L', tmuxSocket, 'send-keys', '-t', session, 'Enter']);
    return from;
  };

  it('plays with MCCP2 and GMCP on, and its log shows the game', { timeout: 60_000 }, async (ctx) => {
    const absent = missing(TINTIN, TMUX);
    ctx.skip(absent !== undefined, absent);
    const log = join(work, 'tintin.log');
    const script = join(work, 'tintin.tin');
    // GMCP: TinTin++ agrees to it only when a script asks (IAC DO GMCP) and shows every GMCP
    // message in the log; MCCP2 it accepts by itself. The log is plain text (no colour codes).
    writeFileSync(
      script,
      [
        '#config {LOG MODE} {PLAIN}',
        '#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\}}',
        '#event {IAC SB GMCP} {#showme GMCP:%0 %2}',
        `#session mud 127.0.0.1 ${suite.game.portOf('telnet')}`,
        `#log overwrite ${log}`,
        '',
      ].join('\n'),
    );
    const session = 'tintin';
    execFileSync(TMUX, [
      '-L',
      tmuxSocket,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '160',
      '-y',
      '50',
      `${TINTIN} -G ${script}`,
    ]);
    const text = readFile(log);

    await waitForText(text, 'create <username> <password>', 'the connection screen');
    let from = typeInto(session, 'create Tinker tin-pass-123', text);
    await waitForText(text, 'You become Tinker.', 'logging in', from);
    from = typeInto(session, 'look', text);
    await waitForText(text, 'The void between worlds', 'look', from);
    from = typeInto(session, 'say hello from tintin', text);
    await waitForText(text, 'You say, "hello from tintin"', 'say', from);

    // GMCP both ways: the session's state arrives as Core.Session, and a line sent as GMCP
    // Core.Text runs as if typed.
    await waitForText(text, /GMCP:Core\.Session .*"loggedIn":true.*"puppet":"Tinker"/, 'GMCP from the game');
    from = typeInto(session, '#send {\\xFF\\xFA\\xC9Core.Text "say sent as gmcp"\\xFF\\xF0\\}', text);
    await waitForText(text, 'You say, "sent as gmcp"', 'GMCP to the game', from);

    // MCCP2: TinTin++ reports compression figures only for a compressed session.
    from = typeInto(session, '#info mccp', text);
    await waitForText(text, '#INFO MCCP2: TOTAL IN:', 'MCCP2 on', from);

    from = typeInto(session, 'quit', text);
    await waitForText(text, 'Quitting. Hope to see you again, soon.', 'quit', from);
    await waitForText(text, "#SESSION 'mud' DIED.", 'quit closes the connection', from);
  });
});

describe('OpenSSH', () => {
  it('logs in with a password and plays', { timeout: 60_000 }, async (ctx) => {
    const absent = missing(SSH, SSHPASS);
    ctx.skip(absent !== undefined, absent);
    await createAccount('Shelly', 'ssh-pass-123');
    const ssh = run(SSHPASS, [
      '-p',
      'ssh-pass-123',
      SSH,
      '-tt',
      '-F',
      '/dev/null',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'LogLevel=ERROR',
      '-p',
      String(suite.game.portOf('ssh')),
      'Shelly@127.0.0.1',
    ]);
    await waitForText(ssh.output, 'You become Shelly.', 'logging in over ssh');
    await waitForText(ssh.output, 'The void between worlds', 'look', ssh.type('look\r'));
    await waitForText(ssh.output, 'You say, "hi"', 'say', ssh.type('say hi\r'));
    // `quit` says goodbye, then closes the connection (the game's own goodbye, not ssh's).
    await waitForText(ssh.output, 'Quitting. Hope to see you again, soon.', 'quit', ssh.type('quit\r'));
    // A clean close (exit status, EOF, close, then disconnect): OpenSSH exits 0, not 255.
    expect(await exitOf(ssh.child, ssh.output, 'ssh after quit')).toBe(0);
  });
});

describe('telnet', () => {
  it('connects, creates an account and looks', { timeout: 60_000 }, async (ctx) => {
    const absent = missing(TELNET);
    ctx.skip(absent !== undefined, absent);
    const telnet = run(TELNET, ['127.0.0.1', String(suite.game.portOf('telnet'))]);
    await waitForText(telnet.output, 'create <username> <password>', 'the connection screen');
    const create = telnet.type('create Telly tel-pass-123\n');
    await waitForText(telnet.output, 'You become Telly.', 'logging in', create);
    await waitForText(telnet.output, 'The void between worlds', 'look', telnet.type('look\n'));
    await waitForText(telnet.output, 'Quitting. Hope to see you again, soon.', 'quit', telnet.type('quit\n'));
    await exitOf(telnet.child, telnet.output, 'telnet after quit');
  });
});
