/**
 * SshSession over a stand-in channel: the login decided by the game's frames, output kept until
 * the shell opens, window sizes as `client_options`, keystrokes as lines, the typed line redrawn
 * under output, and the output cap. The real-socket versions are in test/ssh*.test.ts.
 */
import { EventEmitter } from 'node:events';
import { CloseCode, ErrorCode, type InboundFrame, Limits, type OutboundFrame, out } from '@mud/protocol';
import type { ServerChannel } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalSessionEvents } from '../../PortalSession.js';
import { OUTPUT_BUFFER_FULL } from '../SlowReader.js';
import { SCREEN_HEIGHT, SCREEN_WIDTH, SshSession } from './SshSession.js';

/** Keeps everything written as unread, like a client that stopped reading. */
class FakeChannel extends EventEmitter {
  written = '';
  writableLength = 0;
  exited: number | undefined;
  ended = false;
  write(data: string): boolean {
    this.written += data;
    this.writableLength += Buffer.byteLength(data);
    return true;
  }
  exit(code: number): void {
    this.exited = code;
  }
  end(): void {
    this.ended = true;
  }
  /** The client reads what was written. */
  drain(): void {
    this.writableLength = 0;
  }
  /** The player types. */
  type(keys: string): void {
    this.emit('data', Buffer.from(keys));
  }
}

function setup(options: { maxOutputBuffer?: number; maxCommandRate?: number } = {}) {
  const inputs: InboundFrame[] = [];
  const ended: string[] = [];
  let connectionEnded = 0;
  const events: PortalSessionEvents = {
    input: (_s, frame) => inputs.push(frame),
    connectionLost: () => {
      throw new Error('an SSH session is never left waiting for a resume');
    },
    ended: (_s, reason) => ended.push(reason),
  };
  const session = new SshSession(7, '10.0.0.9', events, { end: () => connectionEnded++ }, options);
  const channel = new FakeChannel();
  return { session, channel, inputs, ended, connectionEnded: () => connectionEnded };
}

/** Logs the session in: the login frame goes to the game, which answers `logged_in`. */
async function loggedIn(s: ReturnType<typeof setup>, answer: OutboundFrame[] = [out.loggedIn()]) {
  const result = s.session.login('Alice', 'correct horse');
  s.session.send(answer);
  return result;
}

const text = (t: string) => out.text(t);

afterEach(() => {
  vi.useRealTimers();
});

describe('SshSession login', () => {
  it('sends the game a login frame and is accepted by its logged_in', async () => {
    const s = setup();
    const result = s.session.login('Alice', 'correct horse');
    expect(s.inputs).toEqual([['login', [], { name: 'Alice', password: 'correct horse' }]]);
    s.session.send([out.loggedIn()]);
    expect(await result).toBe(true);
  });

  it('is refused by an error frame for the login, and may try again', async () => {
    const s = setup();
    const first = s.session.login('Alice', 'wrong');
    s.session.send([out.error(ErrorCode.LoginFailed, 'Incorrect login information given.', 'login')]);
    expect(await first).toBe(false);
    expect(await loggedIn(s)).toBe(true);
    expect(s.inputs).toHaveLength(2);
  });

  it('refuses a name past the protocol limits without asking the game', async () => {
    const s = setup();
    expect(await s.session.login('x'.repeat(Limits.fields.accountName + 1), 'pw')).toBe(false);
    expect(s.inputs).toEqual([]);
  });

  it('answers a pending login with false when the session ends', async () => {
    const s = setup();
    const result = s.session.login('Alice', 'pw');
    s.session.connectionClosed();
    expect(await result).toBe(false);
    expect(s.ended).toEqual(['connection closed by client']);
  });
});

describe('SshSession output', () => {
  it('drops the connection screen and refusals, keeps output from the login on until the shell opens', async () => {
    const s = setup();
    s.session.send([out.session({ sessid: 7, loggedIn: false, account: null, puppet: null, mode: 0 })]);
    s.session.send([text('Welcome! connect <username> <password>')]);
    const refused = s.session.login('Alice', 'wrong');
    s.session.send([out.error(ErrorCode.LoginFailed, 'Incorrect login information given.', 'login')]);
    await refused;
    await loggedIn(s, [out.loggedIn(), text('You are logged in as Alice.'), text('Limbo\nThe void.')]);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    expect(s.channel.written).toBe('You are logged in as Alice.\r\nLimbo\r\nThe void.\r\n');
  });

  it('writes errors in red, leaves a prompt on its line and sends no OOB frames', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, false);
    s.session.send([out.error(ErrorCode.RateLimited, 'Too fast.'), out.prompt('HP 10> '), ['oob', ['ping', []], {}]]);
    expect(s.channel.written).toBe('\x1b[31mToo fast.\x1b[0m\r\nHP 10> ');
  });

  it('redraws the prompt and the half-typed line under output that arrives meanwhile', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    s.session.send([out.prompt('> ')]);
    s.channel.type('sa');
    s.channel.written = '';
    s.session.send([text('Bob arrives.')]);
    expect(s.channel.written).toBe('\r\x1b[KBob arrives.\r\n> sa');
  });

  it('closes the session once output past MUD_MAX_OUTPUT_BUFFER waits unread', async () => {
    vi.useFakeTimers();
    const s = setup({ maxOutputBuffer: 10_000 });
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, false);
    for (let i = 0; i < 9; i++) s.session.send([text('x'.repeat(1000))]);
    expect(s.ended).toEqual([]);
    s.session.send([text('x'.repeat(1000)), text('x'.repeat(1000))]);
    expect(s.ended).toEqual([OUTPUT_BUFFER_FULL]);
    vi.advanceTimersByTime(2500);
    expect(s.connectionEnded()).toBe(1);
    const written = s.channel.written.length;
    s.session.send([text('more')]);
    expect(s.channel.written.length).toBe(written);
  });

  it("drops other players' chatter for a lagging reader and says how much once it catches up", async () => {
    vi.useFakeTimers();
    const s = setup({ maxOutputBuffer: 10_000 });
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, false);
    s.session.send([text('x'.repeat(6000))]);
    s.session.send([text('Bob says, "one"')], { chatter: true });
    s.session.send([text('Bob says, "two"')], { chatter: true });
    expect(s.channel.written).not.toContain('Bob says');
    s.channel.drain();
    vi.advanceTimersByTime(300);
    expect(s.channel.written).toContain('2 lines of chatter were dropped');
    expect(s.ended).toEqual([]);
  });
});

describe('SshSession input', () => {
  it('echoes keystrokes and sends each line as a text frame', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    s.inputs.length = 0;
    s.channel.type('look\rsay hi\r');
    expect(s.inputs).toEqual([
      ['text', ['look'], {}],
      ['text', ['say hi'], {}],
    ]);
    expect(s.channel.written).toBe('look\r\nsay hi\r\n');
  });

  it('refuses a line over the limit with the websocket error, and sends nothing to the game', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, false);
    s.inputs.length = 0;
    s.channel.type(`say ${'x'.repeat(Limits.lineLength)}\r`);
    expect(s.inputs).toEqual([]);
    expect(s.channel.written).toContain(`Lines are limited to ${Limits.lineLength} characters.`);
  });

  it('does not echo the line after a prompt that asks for no echo', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    s.session.send([['prompt', ['Password: '], { echo: false }]]);
    s.channel.written = '';
    s.channel.type('hunter22\r');
    expect(s.channel.written).toBe('\r\n');
    s.channel.type('look');
    expect(s.channel.written).toBe('\r\nlook');
  });

  it('limits lines to the input rate', async () => {
    const s = setup({ maxCommandRate: 5 });
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, false);
    s.inputs.length = 0;
    s.channel.type('look\n'.repeat(50));
    expect(s.inputs.length).toBeLessThan(50);
    expect(s.channel.written).toContain('You entered commands too fast');
  });

  it('ends the session politely on Ctrl-D, closing the shell and the connection', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    s.channel.type('\x04');
    expect(s.channel.written).toContain('Goodbye.');
    expect(s.channel.exited).toBe(0);
    expect(s.channel.ended).toBe(true);
    expect(s.ended).toEqual(['quit with Ctrl-D']);
    // The connection ends once the client has closed the channel too.
    expect(s.connectionEnded()).toBe(0);
    s.channel.emit('close');
    expect(s.connectionEnded()).toBe(1);
  });
});

describe('SshSession window size', () => {
  it("sends the pty's size as client_options, clamped, at most a few times a second", async () => {
    vi.useFakeTimers();
    const s = setup();
    s.session.resize(120, 40);
    expect(s.inputs).toEqual([['client_options', [], { screenwidth: 120, screenheight: 40 }]]);
    // A flood of huge window changes: clamped, and only the latest is sent once the interval ends.
    for (let i = 0; i < 1000; i++) s.session.resize(2 ** 31 - i, 2 ** 31);
    expect(s.inputs).toHaveLength(1);
    vi.advanceTimersByTime(300);
    expect(s.inputs).toEqual([
      ['client_options', [], { screenwidth: 120, screenheight: 40 }],
      ['client_options', [], { screenwidth: SCREEN_WIDTH.max, screenheight: SCREEN_HEIGHT.max }],
    ]);
    // An unknown size (0) says nothing.
    vi.advanceTimersByTime(300);
    s.session.resize(0, 0);
    expect(s.inputs).toHaveLength(2);
  });
});

describe('SshSession close', () => {
  it('is never resumed, and ends at once when the client goes', () => {
    const s = setup();
    expect(s.session.resumeFrom()).toBe(false);
    s.session.connectionClosed();
    s.session.connectionClosed();
    expect(s.ended).toEqual(['connection closed by client']);
  });

  it('closes from the game side with the shell and connection', async () => {
    const s = setup();
    await loggedIn(s);
    s.session.openShell(s.channel as unknown as ServerChannel, true);
    vi.useFakeTimers();
    s.session.close(CloseCode.Normal, 'quit');
    expect(s.channel.ended).toBe(true);
    expect(s.ended).toEqual(['quit']);
    // A client that never closes its side is not waited for long.
    vi.advanceTimersByTime(2500);
    expect(s.connectionEnded()).toBe(1);
  });
});
