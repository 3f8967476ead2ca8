/**
 * The walking skeleton over real sockets: the real portal process forks the real game server,
 * SQLite in a temp dir, players are `ws` clients speaking v1.evennia.com.
 */
import { CloseCode, ErrorCode } from '@mud/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { TestClient } from '../src/testing/TestClient.js';
import { refusal } from './support.js';

let game: GameProcess;
const clients: TestClient[] = [];

async function player(): Promise<TestClient> {
  const client = await TestClient.connect(game.wsUrl);
  clients.push(client);
  await client.waitForText('connect <username> <password>');
  return client;
}

beforeAll(async () => {
  game = await GameProcess.start({
    env: { MUD_CREATION_THROTTLE_LIMIT: '0', MUD_LOGIN_THROTTLE_LIMIT: '0', MUD_MAX_CONNECTION_RATE: '0' },
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await game?.stop();
});

describe('connecting', () => {
  it('answers /health with the server state and the session count', async () => {
    const before = await game.health();
    expect(before).toMatchObject({ status: 'ok', server: 'up' });
    const c = await player();
    expect((await game.health()).sessions).toBe(before.sessions + 1);
    c.close();
    await c.closed;
  });

  it('sends the connection screen and an OOB session frame on connect', async () => {
    const c = await player();
    const state = await c.waitForFrame('session');
    expect(state[2]).toMatchObject({ loggedIn: false, account: null, mode: 0 });
    expect(state[2].sessid).toBeGreaterThanOrEqual(1);
    expect(await c.command('look', 'create <username> <password>')).toContain('connect <username> <password>');
  });

  it('tells an unknown command is not available and suggests help', async () => {
    const c = await player();
    const answer = await c.command('dance wildly', 'not available');
    expect(answer).toContain('"dance"');
    expect(answer).toContain('help');
  });

  it('lists the unlogged-in commands with help', async () => {
    const c = await player();
    const answer = await c.command('help', 'Available commands');
    for (const key of ['connect', 'create', 'help', 'look', 'quit']) expect(answer).toContain(key);
  });
});

describe('accounts', () => {
  it('makes the first account the superuser, later ones ordinary', async () => {
    const first = await player();
    expect(await first.command('create Alice correct-horse-1', 'logged in as Alice')).toBeTruthy();
    expect(first.text()).toContain('superuser');
    await first.waitForFrame('logged_in');
    const second = await player();
    await second.command('create Bob battery-staple-2', 'logged in as Bob');
    expect(second.text()).not.toContain('superuser');
  });

  it('refuses a duplicate name, whatever its case', async () => {
    const a = await player();
    await a.command('create Carol purple-monkey-3', 'logged in as Carol');
    const b = await player();
    expect((await refusal(b, 'create cAROL another-pass-4')).code).toBe(ErrorCode.NameTaken);
    expect(b.frames.some((f) => f[0] === 'logged_in')).toBe(false);
  });

  it('refuses bad names and weak passwords with a reason', async () => {
    const c = await player();
    expect(await refusal(c, 'create ab good-password-5')).toMatchObject({ code: ErrorCode.InvalidName });
    expect(await refusal(c, 'create Dave 12345678')).toMatchObject({ code: ErrorCode.InvalidPassword });
    expect(await refusal(c, 'create Dave password')).toMatchObject({ code: ErrorCode.InvalidPassword });
    expect(await refusal(c, 'create "Dave Dave" Dave Dave')).toMatchObject({ code: ErrorCode.InvalidPassword });
    expect(c.frames.some((f) => f[0] === 'logged_in')).toBe(false);
  });

  it('connects with the right password, refuses a wrong one, names in quotes', async () => {
    const a = await player();
    await a.command('create "Eve Online" hunter22-secret', 'logged in as Eve Online');
    a.close();
    const b = await player();
    expect((await refusal(b, 'connect "Eve Online" wrong-password')).code).toBe(ErrorCode.LoginFailed);
    expect(b.frames.some((f) => f[0] === 'logged_in')).toBe(false);
    await b.command('connect "eve online" hunter22-secret', 'logged in as Eve Online');
    const state = await b.waitFor(
      () => b.frames.find((f) => f[0] === 'session' && f[2].loggedIn),
      'logged-in session frame',
    );
    expect(state[0] === 'session' && state[2].account).toBe('Eve Online');
  });

  it('logs in and creates through the structured frames, with coded refusals', async () => {
    const c = await player();
    const from = c.frames.length;
    c.send(['create', [], { name: 'Frank', password: 'frank-secret-7' }]);
    await c.waitForFrame('logged_in', from);
    const d = await player();
    d.send(['login', [], { name: 'Frank', password: 'nope-nope-nope' }]);
    const error = await d.waitForFrame('error');
    expect(error[2]).toMatchObject({ code: ErrorCode.LoginFailed, input: 'login' });
    d.send(['login', [], { name: 'FRANK', password: 'frank-secret-7' }]);
    await d.waitForFrame('logged_in');
  });
});

describe('logged in', () => {
  it('who lists the logged-in accounts and sessions marks this one', async () => {
    const a = await player();
    await a.command('create Grace grace-secret-8', 'logged in as Grace');
    const who = await a.command('who', 'logged in.');
    expect(who).toContain('Grace');
    expect(who).toMatch(/On for/);
    const sessions = await a.command('sessions', 'Sessid');
    const state = a.frames.find((f) => f[0] === 'session');
    expect(sessions).toContain(`${state?.[0] === 'session' ? state[2].sessid : '?'}*`);
    expect(sessions).toContain('websocket');
  });

  it('renders colour for each client as it asked: xterm256 by default, nearest ANSI, or none', async () => {
    const [full, basic, mono] = [await player(), await player(), await player()];
    basic.send(['client_options', [], { xterm256: false }]);
    mono.send(['client_options', [], { ansi: false }]);
    await full.command('create Iris iris-secret-10', 'logged in as Iris');
    await basic.command('create Ingo ingo-secret-10', 'logged in as Ingo');
    await mono.command('create Inge inge-secret-10', 'logged in as Inge');
    const marks = [basic.raw.length, mono.raw.length];
    await full.command('say |500orange|[=m grey', 'You say');
    await basic.waitForText('Iris says, "orange grey"', marks[0]);
    await mono.waitForText('Iris says, "orange grey"', marks[1]);
    expect(full.raw.join('')).toContain('\\u001b[38;5;196morange\\u001b[48;5;243m grey');
    expect(basic.raw.slice(marks[0]).join('')).toContain('\\u001b[1;31morange\\u001b[40m grey');
    expect(mono.raw.slice(marks[1]).join('')).not.toContain('\\u001b');
  });

  it('mode 0: a second login kicks the first session, which is told why', async () => {
    const a = await player();
    await a.command('create Heidi heidi-secret-9', 'logged in as Heidi');
    const b = await player();
    await b.command('connect Heidi heidi-secret-9', 'logged in as Heidi');
    expect(await a.closed).toBe(CloseCode.Normal);
    expect(a.text()).toContain('logged in from elsewhere');
  });

  it('quit closes the connection with code 1000 after saying goodbye', async () => {
    const a = await player();
    await a.command('create Ivan ivan-secret-10', 'logged in as Ivan');
    a.line('quit');
    expect(await a.closed).toBe(CloseCode.Normal);
    expect(a.text()).toContain('Quitting');
    const b = await player();
    b.line('quit');
    expect(await b.closed).toBe(CloseCode.Normal);
    expect(b.text()).toContain('Good bye');
  });

  it('password re-checks the old password and takes effect at the next login', async () => {
    const a = await player();
    await a.command('create Paula paula-secret-1', 'logged in as Paula');
    expect(await a.command('password wrong-old-1 = paula-secret-2', 'not correct')).toBeTruthy();
    expect(await a.command('password paula-secret-1 = 12345678', /digits/)).toBeTruthy();
    expect(await a.command('password paula-secret-1 = paula-secret-2', 'Password changed')).toBeTruthy();
    a.close();
    const b = await player();
    expect((await refusal(b, 'connect Paula paula-secret-1')).code).toBe(ErrorCode.LoginFailed);
    await b.command('connect Paula paula-secret-2', 'logged in as Paula');
  });

  it('answers commands sent back to back in order, even after a slow login', async () => {
    const a = await player();
    a.line('create Judy judy-secret-11');
    a.line('sessions');
    a.line('who');
    await a.waitForText('unique account');
    const texts = a.text();
    expect(texts.indexOf('logged in as Judy')).toBeLessThan(texts.indexOf('Sessid'));
    expect(texts.indexOf('Sessid')).toBeLessThan(texts.indexOf('unique account'));
  });
});

describe('bad input', () => {
  const corpus: [string, string][] = [
    ['not json', ErrorCode.MalformedFrame],
    ['{"cmd":"text"}', ErrorCode.MalformedFrame],
    ['[]', ErrorCode.MalformedFrame],
    ['["text"]', ErrorCode.MalformedFrame],
    ['["text", "look", {}]', ErrorCode.MalformedFrame],
    ['["text", [], []]', ErrorCode.MalformedFrame],
    ['[1, [], {}]', ErrorCode.MalformedFrame],
    ['["launch_missiles", [], {}]', ErrorCode.UnknownInput],
    ['["__proto__", [], {}]', ErrorCode.UnknownInput],
    ['["text", [42], {}]', ErrorCode.InvalidArguments],
    ['["text", ["a", "b"], {}]', ErrorCode.InvalidArguments],
    ['["login", [], {"name": "x"}]', ErrorCode.InvalidArguments],
    ['["client_options", [], {"x": {"nested": true}}]', ErrorCode.InvalidArguments],
    ['null', ErrorCode.MalformedFrame],
  ];

  it.each(corpus)('%s gets an error frame %s and the connection keeps working', async (raw, code) => {
    const c = await player();
    const from = c.frames.length;
    c.sendRaw(raw);
    const error = await c.waitForFrame('error', from);
    expect(error[2].code).toBe(code);
    expect(await c.command('look', 'connect <username>')).toBeTruthy();
  });

  it('answers a binary frame with an error and keeps the connection', async () => {
    const c = await player();
    c.sendRaw(Buffer.from([0xff, 0x00, 0x10]), { binary: true });
    const error = await c.waitForFrame('error');
    expect(error[2].code).toBe(ErrorCode.MalformedFrame);
    expect(await c.command('look', 'connect <username>')).toBeTruthy();
  });

  it('refuses a frame over MUD_MAX_FRAME_BYTES with close 1009, harming nobody else', async () => {
    const bystander = await player();
    const c = await player();
    c.sendRaw(JSON.stringify(['text', ['x'.repeat(70_000)], {}]));
    expect(await c.closed).toBe(CloseCode.MessageTooBig);
    expect(await bystander.command('look', 'connect <username>')).toBeTruthy();
    expect((await game.health()).server).toBe('up');
  });

  it('refuses over-long lines with a reason', async () => {
    const c = await player();
    c.line('say '.padEnd(5000, 'y'));
    const error = await c.waitForFrame('error');
    expect(error[2].code).toBe(ErrorCode.LineTooLong);
  });

  it('refuses a handshake from a foreign browser origin, allows its own and none', async () => {
    await expect(TestClient.connect(game.wsUrl, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const own = await TestClient.connect(game.wsUrl, { origin: `http://127.0.0.1:${game.port}` });
    clients.push(own);
    await own.waitForText('connect <username>');
  });

  it('speaks v1.evennia.com when the client offers no subprotocol', async () => {
    const c = await TestClient.connect(game.wsUrl, { protocols: [] });
    clients.push(c);
    expect(c.socket.protocol).toBe('');
    await c.waitForText('connect <username>');
  });
});
