/**
 * Issue 6: attacks on a running game over real sockets. Two games are booted:
 *
 * - an *open* game that trusts no proxy: a corpus of malformed frames, protocol-level garbage,
 *   invalid UTF-8, oversized and fragmented frames, a command flood, 300 simultaneous connections
 *   from one address (with spoofed X-Forwarded-For), a slowloris, cross-origin handshakes and
 *   terminal-escape injection checked on the receiving player's raw frames;
 * - a *guarded* game behind a trusted proxy (127.0.0.1): per-client addresses from
 *   X-Forwarded-For, brute-force logins, the creation throttle, login timing, the heartbeat, and
 *   the superuser's `boot`.
 *
 * Longer than the house's ~400 lines on purpose: one file per attack surface would boot a game
 * each, and boots are what cost CI time on a two-core machine.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { CloseCode, decodeOutbound, ErrorCode } from '@mud/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import { TestClient } from '../src/testing/TestClient.js';
import { gameSuite, refusal } from './support.js';

const SUPERUSER = { MUD_SUPERUSER_NAME: 'Overseer', MUD_SUPERUSER_PASSWORD: 'overseer-secret-1' };
const CODES = new Set<string>(Object.values(ErrorCode));

/** The SGR codes the server's markup makes (text/markup.ts); any other escape is an injection. */
const SERVER_SGR = /\x1b\[(?:0|1|4|7|22|[34][0-7]|1;3[0-7]|22;3[0-7]|[34]8;5;\d{1,3})m/g;
/** Controls that must never reach a terminal: C0 but tab/LF/CR, DEL, C1, bidi and direction marks. */
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, found);
  return found;
}

/** Every string in every raw frame, less the server's own SGR codes, is free of escapes and controls. */
function expectCleanFrames(raw: readonly string[]): void {
  for (const frame of raw) {
    for (const s of stringsIn(JSON.parse(frame))) {
      const rest = s.replace(SERVER_SGR, '');
      expect(rest, JSON.stringify(s)).not.toContain('\x1b');
      expect(rest, JSON.stringify(s)).not.toMatch(FORBIDDEN);
    }
  }
}

/** The TCP socket under a ws client, to write frames ws itself would never produce. */
function tcp(client: TestClient): Socket {
  return (client.socket as unknown as { _socket: Socket })._socket;
}

/** A client-to-server websocket frame built by hand (RFC 6455 §5.2). */
function wsFrame(
  opcode: number,
  payload: Buffer | string,
  options: { fin?: boolean; rsv?: number; mask?: boolean; claimLength?: bigint } = {},
): Buffer {
  const body = Buffer.from(payload);
  const { fin = true, rsv = 0, mask = true } = options;
  const length = options.claimLength ?? BigInt(body.length);
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  if (mask) for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work;
  return [value, performance.now() - start];
}

// =============================================================================================
// The open game: no trusted proxy, default frame and session limits.
// =============================================================================================

describe('an open game (no proxy trusted)', () => {
  const suite = gameSuite({
    ...SUPERUSER,
    // Sessions end when their socket does: the session counts below stay exact.
    MUD_RESUME_GRACE: '0',
    MUD_MAX_NR_CHARACTERS: '5',
    MUD_MAX_SESSIONS_PER_IP: '100',
  });
  let pids: { portal: number; server: number };
  let bystander: TestClient;

  beforeAll(async () => {
    pids = { portal: await suite.game.pid('portal'), server: await suite.game.pid('server') };
    bystander = suite.track(await createAccount(suite.game, 'Bystander', 'bystander-secret-1'));
  });

  /** The bystander is served promptly, the game server is up and no process was replaced. */
  async function expectUnharmed(): Promise<void> {
    const [, ms] = await timed(bystander.command('sessions', 'Sessid'));
    expect(ms).toBeLessThan(5000);
    expect((await suite.game.health()).server).toBe('up');
    expect(await suite.game.pid('portal')).toBe(pids.portal);
    expect(await suite.game.pid('server')).toBe(pids.server);
    for (const pid of Object.values(pids)) expect(() => process.kill(pid, 0)).not.toThrow();
  }

  describe('malformed frames', () => {
    type Want = ErrorCode | 'text' | 'silent';
    const deep = (n: number, open: string, close: string, inner = '') => open.repeat(n) + inner + close.repeat(n);
    const CORPUS: [kind: string, raw: string, want: Want][] = [
      // Not JSON at all.
      ['plain words', 'not json', ErrorCode.MalformedFrame],
      ['empty frame', '', ErrorCode.MalformedFrame],
      ['unclosed array', '[', ErrorCode.MalformedFrame],
      ['truncated frame', '["text", ["look"], {}', ErrorCode.MalformedFrame],
      ['trailing comma', '["text", ["look"], {},]', ErrorCode.MalformedFrame],
      ['single quotes', "['text', ['look'], {}]", ErrorCode.MalformedFrame],
      ['garbage after the frame', '["text", ["look"], {}] extra', ErrorCode.MalformedFrame],
      ['two frames in one', '["text", ["look"], {}]["text", ["look"], {}]', ErrorCode.MalformedFrame],
      ['bare NaN', 'NaN', ErrorCode.MalformedFrame],
      ['bare undefined', 'undefined', ErrorCode.MalformedFrame],
      ['byte order mark before the frame', '\ufeff["text", ["look"], {}]', ErrorCode.MalformedFrame],
      ['NUL after the frame', '["text", ["look"], {}]\u0000', ErrorCode.MalformedFrame],
      ['JavaScript, not JSON', '["text", [`look`], {}]', ErrorCode.MalformedFrame],
      ['10,000 unclosed [', deep(10_000, '[', ''), ErrorCode.MalformedFrame],
      ['10,000 nested arrays', deep(10_000, '[', ']'), ErrorCode.MalformedFrame],
      ['5,000 nested objects', deep(5_000, '{"a":', '}', '1'), ErrorCode.MalformedFrame],
      // JSON, but not a [cmdname, args[], kwargs{}] triple.
      ['null', 'null', ErrorCode.MalformedFrame],
      ['true', 'true', ErrorCode.MalformedFrame],
      ['a number', '42', ErrorCode.MalformedFrame],
      ['a string', '"text"', ErrorCode.MalformedFrame],
      ['an object', '{"cmd": "text", "args": ["look"]}', ErrorCode.MalformedFrame],
      ['an array-like object', '{"0": "text", "1": ["look"], "2": {}, "length": 3}', ErrorCode.MalformedFrame],
      ['empty array', '[]', ErrorCode.MalformedFrame],
      ['arity 1', '["text"]', ErrorCode.MalformedFrame],
      ['arity 2', '["text", ["look"]]', ErrorCode.MalformedFrame],
      ['arity 4', '["text", ["look"], {}, {}]', ErrorCode.MalformedFrame],
      ['null cmdname', '[null, [], {}]', ErrorCode.MalformedFrame],
      ['numeric cmdname', '[1, [], {}]', ErrorCode.MalformedFrame],
      ['array cmdname', '[["text"], [], {}]', ErrorCode.MalformedFrame],
      ['string args', '["text", "look", {}]', ErrorCode.MalformedFrame],
      ['null args', '["text", null, {}]', ErrorCode.MalformedFrame],
      ['object args', '["text", {"0": "look"}, {}]', ErrorCode.MalformedFrame],
      ['array kwargs', '["text", ["look"], []]', ErrorCode.MalformedFrame],
      ['null kwargs', '["text", ["look"], null]', ErrorCode.MalformedFrame],
      ['string kwargs', '["text", ["look"], "x"]', ErrorCode.MalformedFrame],
      // Names the server does not take, prototype names included.
      ['unknown name', '["launch_missiles", [], {}]', ErrorCode.UnknownInput],
      ['__proto__', '["__proto__", [], {}]', ErrorCode.UnknownInput],
      ['constructor', '["constructor", [], {}]', ErrorCode.UnknownInput],
      ['toString', '["toString", [], {}]', ErrorCode.UnknownInput],
      ['hasOwnProperty', '["hasOwnProperty", ["text"], {}]', ErrorCode.UnknownInput],
      ['prototype', '["prototype", [], {}]', ErrorCode.UnknownInput],
      ['empty name', '["", [], {}]', ErrorCode.UnknownInput],
      ['upper-case TEXT', '["TEXT", ["look"], {}]', ErrorCode.UnknownInput],
      ['name with a trailing space', '["text ", ["look"], {}]', ErrorCode.UnknownInput],
      ['escape sequence as the name', '["\\u001b[2J", [], {}]', ErrorCode.UnknownInput],
      ['100,000-character name', `["${'n'.repeat(100_000).slice(0, 60_000)}", [], {}]`, ErrorCode.UnknownInput],
      ['an output name sent as input', '["logged_in", [], {}]', ErrorCode.UnknownInput],
      ['an error frame sent as input', '["error", ["x"], {"code": "E_INTERNAL"}]', ErrorCode.UnknownInput],
      // Known names, wrong argument types in each position.
      ['text with a number', '["text", [42], {}]', ErrorCode.InvalidArguments],
      ['text with no line', '["text", [], {}]', ErrorCode.InvalidArguments],
      ['text with two lines', '["text", ["a", "b"], {}]', ErrorCode.InvalidArguments],
      ['text with null', '["text", [null], {}]', ErrorCode.InvalidArguments],
      ['text with a nested array', '["text", [["look"]], {}]', ErrorCode.InvalidArguments],
      ['text with a boolean', '["text", [true], {}]', ErrorCode.InvalidArguments],
      ['text with 1e309 (Infinity)', '["text", [1e309], {}]', ErrorCode.InvalidArguments],
      ['text with 10,000 nested arrays', `["text", ${deep(10_000, '[', ']')}, {}]`, ErrorCode.InvalidArguments],
      ['idle with args', '["idle", ["x"], {}]', ErrorCode.InvalidArguments],
      ['login without kwargs', '["login", [], {}]', ErrorCode.InvalidArguments],
      ['login without a password', '["login", [], {"name": "x"}]', ErrorCode.InvalidArguments],
      ['login with a numeric name', '["login", [], {"name": 1, "password": "x"}]', ErrorCode.InvalidArguments],
      [
        'login with an extra key',
        '["login", [], {"name": "x", "password": "y", "admin": true}]',
        ErrorCode.InvalidArguments,
      ],
      [
        'login with a 201-character name',
        `["login", [], {"name": "${'x'.repeat(201)}", "password": "y"}]`,
        ErrorCode.InvalidArguments,
      ],
      [
        'login with a 1025-character password',
        `["login", [], {"name": "x", "password": "${'p'.repeat(1025)}"}]`,
        ErrorCode.InvalidArguments,
      ],
      ['login with args', '["login", ["x"], {"name": "x", "password": "y"}]', ErrorCode.InvalidArguments],
      ['create with an array name', '["create", [], {"name": ["Bob"], "password": "x"}]', ErrorCode.InvalidArguments],
      [
        'client_options with an object value',
        '["client_options", [], {"x": {"nested": true}}]',
        ErrorCode.InvalidArguments,
      ],
      ['client_options with null', '["client_options", [], {"x": null}]', ErrorCode.InvalidArguments],
      ['client_options with an array', '["client_options", [], {"x": [1]}]', ErrorCode.InvalidArguments],
      [
        'client_options with a 65-character key',
        `["client_options", [], {"${'k'.repeat(65)}": 1}]`,
        ErrorCode.InvalidArguments,
      ],
      [
        'client_options with a 257-character value',
        `["client_options", [], {"x": "${'v'.repeat(257)}"}]`,
        ErrorCode.InvalidArguments,
      ],
      ['client_options with 1e309', '["client_options", [], {"w": 1e309}]', ErrorCode.InvalidArguments],
      ['client_options with args', '["client_options", ["x"], {}]', ErrorCode.InvalidArguments],
      ['resume without a token', '["resume", [], {}]', ErrorCode.InvalidArguments],
      ['resume with a short token', '["resume", [], {"token": "short"}]', ErrorCode.InvalidArguments],
      ['resume with a numeric token', '["resume", [], {"token": 12345678901234567890}]', ErrorCode.InvalidArguments],
      [
        'resume with a 129-character token',
        `["resume", [], {"token": "${'t'.repeat(129)}"}]`,
        ErrorCode.InvalidArguments,
      ],
      // Valid frames with hostile content: refused for what they mean, or answered sanely.
      ['resume with an unknown token', `["resume", [], {"token": "${'a'.repeat(64)}"}]`, ErrorCode.ResumeFailed],
      [
        'login with duplicate keys',
        '["login", [], {"name": "a", "name": "Nobody", "password": "wrong-pass-1"}]',
        ErrorCode.LoginFailed,
      ],
      [
        'login with a NUL name',
        '["login", [], {"name": "\\u0000", "password": "wrong-pass-1"}]',
        ErrorCode.LoginFailed,
      ],
      [
        'create with an escape in the name',
        '["create", [], {"name": "\\u001b[2JEvil", "password": "evil-secret-1"}]',
        ErrorCode.InvalidName,
      ],
      [
        'create with a bidi override in the name',
        '["create", [], {"name": "Eve\\u202eliA", "password": "evil-secret-1"}]',
        ErrorCode.InvalidName,
      ],
      [
        'create with a 1,000-character password',
        `["create", [], {"name": "Longpass", "password": "${'p1'.repeat(500)}"}]`,
        ErrorCode.InvalidPassword,
      ],
      ['line of 4,097 characters', `["text", ["${'x'.repeat(4097)}"], {}]`, ErrorCode.LineTooLong],
      [
        'client_options with prototype keys',
        '["client_options", [], {"__proto__": "x", "constructor": 1, "toString": true, "hasOwnProperty": "y"}]',
        'silent',
      ],
      [
        'idle with a polluting kwarg',
        '["idle", [], {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}]',
        'silent',
      ],
      // Open kwargs are bounded (Limits.kwargs, issue 11): unbounded, a 20,000-deep one overflowed
      // JSON.stringify's stack when the portal forwarded it.
      ['idle with 60 kB of kwargs', `["idle", [], {"pad": "${'x'.repeat(60_000)}"}]`, ErrorCode.KwargsTooLarge],
      [
        'text with kwargs 20,000 arrays deep',
        `["text", ["look"], {"a": ${'['.repeat(20_000)}${']'.repeat(20_000)}}]`,
        ErrorCode.KwargsTooLarge,
      ],
      [
        'text with kwargs 5 objects deep',
        '["text", ["look"], {"a": {"b": {"c": {"d": {}}}}}]',
        ErrorCode.KwargsTooLarge,
      ],
      ['text with kwargs 4 objects deep', '["text", ["look"], {"a": {"b": {"c": {"d": 1}}}}]', 'text'],
      [
        'idle with 33 kwargs',
        `["idle", [], ${JSON.stringify(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])))}]`,
        ErrorCode.KwargsTooLarge,
      ],
      [
        'client_options with extreme numbers',
        '["client_options", [], {"a": 1e308, "b": -0, "c": 5e-324, "d": "NaN", "e": "Infinity"}]',
        'silent',
      ],
      ['empty line', '["text", [""], {}]', 'silent'],
      ['blank line', '["text", [" \\t "], {}]', 'silent'],
      ['whitespace around the JSON', ' \n\t["text", ["look"], {}]\r\n ', 'text'],
      ['escaped cmdname', '["\\u0074ext", ["look"], {}]', 'text'],
      ['text with extra kwargs', '["text", ["look"], {"__proto__": {"admin": true}, "type": 1}]', 'text'],
      ['a NUL line', '["text", ["\\u0000"], {}]', 'text'],
      ['escape sequences in a line', '["text", ["\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31mlook"], {}]', 'text'],
      ['a lone high surrogate', '["text", ["\\ud800"], {}]', 'text'],
      ['a lone low surrogate before a command', '["text", ["\\udfff look"], {}]', 'text'],
      ['a BOM before a command', '["text", ["\\ufefflook"], {}]', 'text'],
      ['a bidi override after a command', '["text", ["look\\u202e"], {}]', 'text'],
      ['a line of exactly 4,096 characters', `["text", ["${'x'.repeat(4096)}"], {}]`, 'text'],
      ['2,000 emoji', `["text", ["${'😀'.repeat(2000)}"], {}]`, 'text'],
      ['NaN as a command', '["text", ["NaN"], {}]', 'text'],
      ['CR LF smuggling a second command', '["text", ["help\\r\\nquit"], {}]', 'text'],
      ['a NEL before a command', '["text", ["\\u0085look"], {}]', 'text'],
    ];
    let attacker: TestClient;
    let marker = 0;

    beforeAll(async () => {
      attacker = suite.track(await connect(suite.game));
    });

    it('has at least 50 distinct kinds', () => {
      expect(CORPUS.length).toBeGreaterThanOrEqual(50);
      expect(new Set(CORPUS.map(([kind]) => kind)).size).toBe(CORPUS.length);
      expect(new Set(CORPUS.map(([, raw]) => raw)).size).toBe(CORPUS.length);
    });

    /**
     * Product bugs this corpus found (see SECURITY.md, "Known gaps"); kept as expected failures
     * so the suite stays green until they are fixed, when `it.fails` starts failing.
     */
    const KNOWN_BUGS = new Set<string>([
      // None open. Fixed: 'client_options with a 65-character key' (TypeBox's Record dropped the
      // key's maxLength; the key is now a pattern with additionalProperties false).
    ]);

    for (const [kind, raw, want] of CORPUS) {
      const test = KNOWN_BUGS.has(kind) ? it.fails : it;
      test(`${kind}: answered as expected and the connection keeps working`, async () => {
        // Each row spends up to two inputs; pacing keeps the corpus under MUD_MAX_COMMAND_RATE.
        await new Promise((r) => setTimeout(r, 30));
        const from = attacker.frames.length;
        const rawFrom = attacker.raw.length;
        attacker.sendRaw(raw);
        // A probe with a unique answer: input runs in order, and the portal answers a refused
        // frame at once, so everything the frame caused arrives before the probe's answer.
        const probe = `zz${++marker}q`;
        attacker.line(`help ${probe}`);
        await attacker.waitForText(`No help found for "${probe}"`, from);
        const answerAt = attacker.frames.findIndex(
          (f, i) => i >= from && f[0] === 'text' && String(f[1][0]).includes(`"${probe}"`),
        );
        const caused = attacker.frames.slice(from, answerAt);
        const errors = caused.flatMap((f) => (f[0] === 'error' ? [f] : []));
        if (want === 'text' || want === 'silent') {
          expect(errors).toEqual([]);
          if (want === 'text') expect(caused.some((f) => f[0] === 'text')).toBe(true);
          else expect(caused).toEqual([]);
        } else {
          expect(errors.map((e) => e[2].code)).toEqual([want]);
          expect(errors[0]?.[1][0].length).toBeLessThan(200);
        }
        for (const e of errors) expect(CODES.has(e[2].code)).toBe(true);
        // Every frame the server sent back is a well-formed outbound frame.
        for (const text of attacker.raw.slice(rawFrom)) expect(decodeOutbound(text), text.slice(0, 80)).not.toBeNull();
        expect(attacker.closeCode).toBeUndefined();
      });
    }

    it('left the attacker able to log in and play, and nobody else harmed', async () => {
      const from = attacker.frames.length;
      attacker.line('create Survivor survivor-secret-1');
      await attacker.waitForFrame('logged_in', from);
      expect(await attacker.command('who', 'logged in.')).toContain('Survivor');
      // Login-only frames from a logged-in session are refused with their own code.
      const mark = attacker.frames.length;
      attacker.send(['login', [], { name: 'Survivor', password: 'survivor-secret-1' }]);
      expect((await attacker.waitForFrame('error', mark))[2].code).toBe(ErrorCode.AlreadyLoggedIn);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await expectUnharmed();
    });
  });

  describe('websocket-level garbage', () => {
    async function fresh(): Promise<TestClient> {
      return suite.track(await connect(suite.game));
    }
    async function expectClosedWith(client: TestClient, code: number): Promise<void> {
      const closed = await Promise.race([client.closed, new Promise((r) => setTimeout(() => r('open'), 10_000))]);
      expect(closed).toBe(code);
    }

    it.each([
      ['an invalid byte', [0x5b, 0x22, 0xff, 0x22, 0x5d]],
      ['an overlong encoding of "/"', [0x22, 0xc0, 0xaf, 0x22]],
      ['an encoded surrogate half', [0x22, 0xed, 0xa0, 0x80, 0x22]],
      ['a truncated sequence', [0x22, 0xe2, 0x82]],
      ['a code point above U+10FFFF', [0x22, 0xf5, 0x80, 0x80, 0x80, 0x22]],
    ])('a text frame with %s is closed with 1007, harming nobody', async (_kind, bytes) => {
      const before = (await suite.game.health()).sessions;
      const c = await fresh();
      tcp(c).write(wsFrame(0x1, Buffer.from(bytes)));
      await expectClosedWith(c, CloseCode.InvalidPayload);
      await expect.poll(async () => (await suite.game.health()).sessions, { timeout: 5000 }).toBe(before);
      await expectUnharmed();
    });

    it('invalid UTF-8 split across fragments is closed with 1007 too', async () => {
      const c = await fresh();
      // E2 28 A1: a three-byte lead whose second byte is not a continuation byte.
      const first = Buffer.concat([Buffer.from('["text", ["'), Buffer.from([0xe2])]);
      tcp(c).write(
        Buffer.concat([wsFrame(0x1, first, { fin: false }), wsFrame(0x0, Buffer.from([0x28, 0xa1, 0x22, 0x5d]))]),
      );
      await expectClosedWith(c, CloseCode.InvalidPayload);
    });

    it.each([
      ['a reserved opcode', () => wsFrame(0x3, 'x')],
      ['RSV bits without an extension', () => wsFrame(0x1, '["idle", [], {}]', { rsv: 0b100 })],
      ['an unmasked client frame', () => wsFrame(0x1, '["idle", [], {}]', { mask: false })],
      ['a continuation with nothing to continue', () => wsFrame(0x0, 'x')],
      ['a fragmented ping', () => wsFrame(0x9, 'x', { fin: false })],
      ['a ping over 125 bytes', () => wsFrame(0x9, 'x'.repeat(126))],
    ])('%s is a protocol error (1002) and harms nobody', async (_kind, frame) => {
      const c = await fresh();
      tcp(c).write(frame());
      await expectClosedWith(c, CloseCode.ProtocolError);
      await expectUnharmed();
    });

    it('binary frames get an error frame and the connection keeps working', async () => {
      const c = await fresh();
      for (const payload of [Buffer.alloc(0), Buffer.from('["text", ["look"], {}]'), randomBytes(512)]) {
        const from = c.frames.length;
        c.sendRaw(payload, { binary: true });
        expect((await c.waitForFrame('error', from))[2].code).toBe(ErrorCode.MalformedFrame);
      }
      expect(await c.command('look', 'connect <username>')).toBeTruthy();
    });

    it('a frame of exactly MUD_MAX_FRAME_BYTES is read; one byte more is closed with 1009', async () => {
      const c = await fresh();
      const head = '["text", ["';
      const tail = '"], {}]';
      c.sendRaw(head + 'x'.repeat(65_536 - head.length - tail.length) + tail);
      expect((await c.waitForFrame('error'))[2].code).toBe(ErrorCode.LineTooLong);
      expect(await c.command('look', 'connect <username>')).toBeTruthy();
      c.sendRaw(head + 'x'.repeat(65_537 - head.length - tail.length) + tail);
      await expectClosedWith(c, CloseCode.MessageTooBig);
      await expectUnharmed();
    });

    it('a message over the limit in small fragments is closed with 1009', async () => {
      const c = await fresh();
      for (let i = 0; i < 20; i++) c.socket.send('x'.repeat(4000), { binary: false, fin: false });
      c.socket.send('x', { fin: true });
      await expectClosedWith(c, CloseCode.MessageTooBig);
    });

    it('a header claiming a huge payload is closed with 1009 before any of it is read', async () => {
      for (const claim of [1n << 30n, (1n << 53n) + 1n, (1n << 63n) - 1n]) {
        const c = await fresh();
        tcp(c).write(wsFrame(0x1, '', { claimLength: claim }));
        await expectClosedWith(c, CloseCode.MessageTooBig);
      }
      // The rest of the frame is still arriving when the portal refuses it: the close must not
      // turn into a reset that wipes the 1009 before the client reads it (it did now and then,
      // when the websocket plugin terminated sockets on ws's protocol errors).
      for (let i = 0; i < 8; i++) {
        const big = await fresh();
        big.sendRaw('x'.repeat(1 << 20));
        await expectClosedWith(big, CloseCode.MessageTooBig);
      }
      await expectUnharmed();
    });

    it('a thousand empty fragments are harmless', async () => {
      const c = await fresh();
      const from = c.frames.length;
      for (let i = 0; i < 1000; i++) c.socket.send('', { binary: false, fin: false });
      c.socket.send('["text", ["look"], {}]', { fin: true });
      await c.waitForText('connect <username>', from);
    });

    it('pings are answered; a ping flood is cut off (ws: at most 60 unanswered pongs) and harms nobody', async () => {
      const polite = await fresh();
      let pongs = 0;
      polite.socket.on('pong', () => pongs++);
      for (let i = 0; i < 20; i++) polite.socket.ping('x'.repeat(125));
      await expect.poll(() => pongs, { timeout: 10_000 }).toBe(20);
      const flooder = await fresh();
      for (let i = 0; i < 1000; i++) flooder.socket.ping('x'.repeat(125));
      expect(await flooder.closed).toBe(1006);
      expect(await polite.command('look', 'connect <username>')).toBeTruthy();
      await expectUnharmed();
    });
  });

  describe('floods', () => {
    it('a 2,000-command flood is throttled and other players stay responsive', async () => {
      const flooder = suite.track(await createAccount(suite.game, 'Flooder', 'flooder-secret-1'));
      const from = flooder.frames.length;
      const heard = bystander.frames.length;
      const started = Date.now();
      for (let i = 0; i < 2000; i++) flooder.line(i % 2 ? `say flood ${i}` : 'help');
      // While the flood is being worked through, the bystander is answered promptly.
      const [, ms] = await timed(bystander.command('who', 'logged in.'));
      expect(ms).toBeLessThan(5000);
      const warning = await flooder.waitForFrame('error', from);
      expect(warning[2].code).toBe(ErrorCode.RateLimited);
      expect(warning[1][0]).toContain('You entered commands too fast');
      await new Promise((r) => setTimeout(r, 1500));
      const elapsed = (Date.now() - started) / 1000;
      const answered = flooder.frames
        .slice(from)
        .filter((f) => f[0] === 'text' && /Available commands|You say, "flood/.test(String(f[1][0]))).length;
      // MUD_MAX_COMMAND_RATE is 80/s by default: most of the flood was dropped.
      expect(answered).toBeGreaterThan(0);
      expect(answered).toBeLessThan(80 * (elapsed + 2));
      const says = bystander.frames
        .slice(heard)
        .filter((f) => f[0] === 'text' && String(f[1][0]).includes('Flooder says'));
      expect(says.length).toBeLessThan(80 * (elapsed + 2));
      // The warning itself cannot flood: at most about one a second.
      const warnings = flooder.frames.slice(from).filter((f) => f[0] === 'error').length;
      expect(warnings).toBeLessThanOrEqual(Math.ceil(elapsed) + 2);
      await expectUnharmed();
      // Once it slows down, the flooder is served again.
      expect(await flooder.command('sessions', 'Sessid')).toBeTruthy();
    });

    it('a flood of 2,000 malformed frames is throttled like commands and leaves others responsive', async () => {
      const c = suite.track(await connect(suite.game));
      const from = c.frames.length;
      const started = Date.now();
      for (let i = 0; i < 2000; i++) c.sendRaw(i % 2 ? `{"junk": ${i}}` : '["text", [1], {}]');
      const [, ms] = await timed(bystander.command('who', 'logged in.'));
      expect(ms).toBeLessThan(5000);
      await c.waitForFrame('error', from);
      await c.waitFor(
        () => c.frames.slice(from).some((f) => f[0] === 'error' && f[2].code === ErrorCode.RateLimited),
        'the rate warning',
      );
      // Past the rate the portal drops frames unread; once the flood is over it answers again.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await c.command('look', 'connect <username>')).toBeTruthy();
      const elapsed = (Date.now() - started) / 1000;
      const codes = c.frames.slice(from).flatMap((f) => (f[0] === 'error' ? [f[2].code] : []));
      const refusals = codes.filter((code) => code !== ErrorCode.RateLimited);
      // Refused frames spend MUD_MAX_COMMAND_RATE (80/s, burst 80): most of the flood got no
      // answer at all, and the warning came at most about once a second.
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.length).toBeLessThan(80 * (elapsed + 1));
      expect(refusals.length).toBeLessThan(1000);
      expect(codes.filter((code) => code === ErrorCode.RateLimited).length).toBeLessThanOrEqual(Math.ceil(elapsed) + 1);
      await expectUnharmed();
    });

    it('a client that stops reading is closed once MUD_MAX_OUTPUT_BUFFER of output waits for it; others stay responsive', async () => {
      const rss = (pid: number) =>
        Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
      const sponge = suite.track(await createAccount(suite.game, 'Sponge', 'sponge-secret-1'));
      // Writing to a peer that has gone may fail; that is the point, not an error of the test.
      sponge.socket.on('error', () => {});
      // The character-creation menu echoes its draft to this session only: with a name and a
      // description of 4,000 three-byte characters, about 24 kB a `look`.
      await sponge.command('charcreate', 'Character creation');
      await sponge.command(`name ${'€'.repeat(4000)}`, 'name: €');
      await sponge.command(`desc ${'€'.repeat(4000)}`, 'description: €');
      const sessions = (await suite.game.health()).sessions;
      const portalBefore = rss(pids.portal);
      tcp(sponge).pause();
      const started = Date.now();
      let gone = false;
      // The default MUD_MAX_OUTPUT_BUFFER is 4 MiB; loopback's kernel buffers take about as much
      // again first. 40 inputs every half second stays under MUD_MAX_COMMAND_RATE (80/s).
      while (!gone && Date.now() - started < 25_000) {
        for (let i = 0; i < 40; i++) sponge.line('look');
        await new Promise((r) => setTimeout(r, 500));
        gone = (await suite.game.health()).sessions < sessions;
      }
      // Closed by the cap, long before the heartbeat (30 s by default) would have noticed.
      expect(gone).toBe(true);
      expect(Date.now() - started).toBeLessThan(25_000);
      expect(suite.game.log()).toContain('output buffer full: client too slow');
      expect(rss(pids.portal) - portalBefore).toBeLessThan(64 * 1024 * 1024);
      await expectUnharmed();
      // The peer finds the connection gone when it reads again.
      tcp(sponge).resume();
      const code = await Promise.race([sponge.closed, new Promise((r) => setTimeout(() => r('open'), 10_000))]);
      expect([CloseCode.PolicyViolation, 1006]).toContain(code);
    });

    it('300 simultaneous connections from one address: capped at MUD_MAX_SESSIONS_PER_IP, spoofed X-Forwarded-For or not', async () => {
      const game = suite.game;
      const before = (await game.health()).sessions;
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          // Every connection claims another address; no proxy is trusted, so none is believed.
          const c = await TestClient.connect(game.wsUrl, {
            headers: { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` },
          });
          await c.waitFor(
            () => c.closeCode !== undefined || c.text().includes('connect <username>'),
            'a connection screen or a close',
            30_000,
          );
          return { c, code: c.closeCode };
        }),
      );
      const accepted = outcomes.filter((o) => o.code === undefined);
      const refused = outcomes.filter((o) => o.code !== undefined);
      try {
        expect(accepted.length).toBe(100 - before);
        for (const o of refused) {
          expect(o.code).toBe(CloseCode.PolicyViolation);
          expect(o.c.frames[0]?.[0] === 'error' && o.c.frames[0][2].code).toBe(ErrorCode.Throttled);
        }
        expect((await game.health()).sessions).toBe(100);
        await expectUnharmed();
      } finally {
        for (const o of accepted) o.c.close();
      }
      await expect.poll(async () => (await game.health()).sessions, { timeout: 15_000 }).toBe(before);
    });

    it('half-open HTTP upgrades (slowloris) do not keep players out', async () => {
      const sockets = await Promise.all(
        Array.from(
          { length: 50 },
          () =>
            new Promise<Socket>((resolve, reject) => {
              const s = netConnect(suite.game.port, '127.0.0.1', () => {
                s.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
                resolve(s);
              });
              s.on('error', reject);
            }),
        ),
      );
      try {
        const c = suite.track(await connect(suite.game));
        expect(await c.command('look', 'connect <username>')).toBeTruthy();
        await expectUnharmed();
      } finally {
        for (const s of sockets) s.destroy();
      }
    });

    it('one address cannot hold more than a bounded number of connections, however slow', async () => {
      // 3 × MUD_MAX_SESSIONS_PER_IP (100) + 16 may be open from one address; from another, 127.0.0.2.
      let closed = 0;
      const sockets = Array.from({ length: 400 }, () => {
        const socket = netConnect({ port: suite.game.port, host: '127.0.0.1', localAddress: '127.0.0.2' }, () =>
          socket.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
        );
        socket.on('error', () => {});
        socket.once('close', () => {
          closed += 1;
        });
        return socket;
      });
      try {
        await expect.poll(() => closed, { timeout: 10_000 }).toBe(400 - 316);
        // Players from other addresses are not affected.
        const c = suite.track(await connect(suite.game));
        expect(await c.command('look', 'connect <username>')).toBeTruthy();
        await expectUnharmed();
      } finally {
        for (const socket of sockets) socket.destroy();
      }
    });
  });

  describe('cross-site websocket hijacking', () => {
    it.each([
      'https://evil.example',
      'http://evil.example:80',
      'null',
      'file://',
      '',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example',
      'http://127.0.0.1@evil.example',
      'not a url',
    ])('refuses a browser handshake from Origin %j, opening no session', async (origin) => {
      const before = (await suite.game.health()).sessions;
      await expect(TestClient.connect(suite.game.wsUrl, { headers: { origin } })).rejects.toThrow(/403/);
      expect((await suite.game.health()).sessions).toBe(before);
    });

    it('refuses a foreign origin on the same port and accepts the game’s own (any case) and none', async () => {
      const port = suite.game.port;
      await expect(TestClient.connect(suite.game.wsUrl, { origin: `http://evil.example:${port}` })).rejects.toThrow(
        /403/,
      );
      for (const origin of [`http://127.0.0.1:${port}`, `HTTP://127.0.0.1:${port}`]) {
        const c = suite.track(await TestClient.connect(suite.game.wsUrl, { origin }));
        await c.waitForText('connect <username>');
        c.close();
      }
    });

    it('never agrees to a subprotocol it does not speak: an RFC 6455 client then gives up itself', async () => {
      // docs/telnet.md#mud-standards-websocket-subprotocols: no subprotocol is named, so ws refuses.
      await expect(TestClient.connect(suite.game.wsUrl, { protocols: ['v2.evil.example'] })).rejects.toThrow(
        /no subprotocol/,
      );
    });
  });

  describe('terminal escape injection', () => {
    // Each payload carries a marker so the test can find what the listener saw of it.
    const PAYLOADS: [cmd: string, payload: string][] = [
      ['say', '\x1b[2J\x1b[Hcleared'],
      ['say', '\x1b]8;;http://evil.example\x1b\\click me\x1b]8;;\x1b\\'],
      ['say', '\x1b]52;c;cHduZWQ=\x07clipboard'],
      ['say', '\x1b]0;window title\x07title'],
      ['say', '\x9b31mC1 CSI \x9d0;t\x9c'],
      ['say', 'bidi \u202eesrever\u202c \u2066isolate\u2069 \u200fmark'],
      ['say', 'nul\x00 bel\x07 del\x7f bs\x08 vt\x0b ff\x0c'],
      ['say', '\x1bP1$r\x1b\\dcs \x1b_apc\x1b\\'],
      ['say', '\x1b[38;2;255;0;0mtruecolour \x1b[5mblink \x1b[?1049h'],
      ['say', '\x1b\x1b[2Jdouble \x1b'],
      ['say', '|\x1b[31mbar-escape'],
      ['"', '\x1b[31mraw red via alias'],
      ['pose', '\x1b[2Kerases a line'],
      [':', '\x1b]8;;http://evil.example\x07link\x1b]8;;\x07'],
      ['emote', 'cr\rlf\nnel\u0085'],
    ];

    it('say, pose and their aliases reach other players without raw escapes or controls', async () => {
      const speaker = suite.track(await createAccount(suite.game, 'Mallory', 'mallory-secret-1'));
      const listener = suite.track(await createAccount(suite.game, 'Listener', 'listener-secret-1'));
      const rawFrom = listener.raw.length;
      for (const [i, [cmd, payload]] of PAYLOADS.entries()) {
        const mark = `m${i}k`;
        const sep = cmd.length === 1 ? '' : ' ';
        const from = listener.frames.length;
        speaker.line(`${cmd}${sep}${payload} ${mark}`);
        const seen = await listener.waitForText(mark, from);
        expect(seen).toMatch(/^Mallory/);
        // A raw SGR a player typed never arrives, even one the server could have made.
        const frame = listener.frames.slice(from).find((f) => f[0] === 'text' && String(f[1][0]).includes(mark));
        expect(String(frame?.[1][0])).not.toContain('\x1b[31m');
      }
      // Colour through the game's markup is the one way, and it arrives as server SGR.
      const from = listener.frames.length;
      speaker.line('say |rred through markup|n done');
      await listener.waitForText('red through markup', from);
      expect(listener.raw.slice(rawFrom).join('')).toContain('\\u001b[1;31mred through markup');
      expectCleanFrames(listener.raw.slice(rawFrom));
    });

    it('character names and descriptions are clean when another player looks', async () => {
      const speaker = await login(suite.game, 'Mallory', 'mallory-secret-1');
      suite.track(speaker);
      const listener = suite.track(await login(suite.game, 'Listener', 'listener-secret-1'));
      const rawFrom = listener.raw.length;
      await speaker.command(
        'charcreate Shade\x1b[31m = \x1b]0;t\x07desc \x1b[2Jone \x9b1m |gGreen|n \u202eflipped d1k',
        'Created new character',
      );
      // Step by step, in the session-level creation menu.
      speaker.line('charcreate');
      await speaker.command('name \x1b[5mWraith\x07', 'Wraith');
      await speaker.command('desc \x1b]52;c;eA==\x07two \x1b[?25l d2k', 'd2k');
      await speaker.command('done', 'Created new character');
      for (const [name, mark] of [
        ['Shade', 'd1k'],
        ['Wraith', 'd2k'],
      ] as const) {
        await speaker.command(`ic ${name}`, `You become ${name}`);
        await listener.waitForText(`${name} has entered the game`);
        expect(await listener.command(`look ${name}`, mark)).toContain(name);
      }
      expect(await listener.command('look', 'Limbo')).toContain('Wraith');
      expectCleanFrames(listener.raw.slice(rawFrom));
    });

    it('hostile account names are refused, so no name ever carries an escape', async () => {
      const c = suite.track(await connect(suite.game));
      for (const name of [
        'Evil\x1b[31m',
        'Eve\u202eliA',
        'Zero\u200bWidth',
        'Nul\x00l',
        'Bell\x07',
        'C1\x9bx',
        'Tab\tName',
      ]) {
        const from = c.frames.length;
        c.send(['create', [], { name, password: 'hostile-secret-1' }]);
        expect((await c.waitForFrame('error', from))[2].code).toBe(ErrorCode.InvalidName);
        expect((await refusal(c, `create "${name}" hostile-secret-1`)).code).toBe(ErrorCode.InvalidName);
      }
      expect(c.frames.some((f) => f[0] === 'logged_in')).toBe(false);
      const from = bystander.raw.length;
      await bystander.command('who', 'logged in.');
      expectCleanFrames(bystander.raw.slice(from));
    });
  });

  // Was a known gap (SECURITY.md): each frame's keys were merged into session.protocolFlags
  // with no cap, and the schema took keys of any length and number. Fixed: at most 32 keys of
  // 1-64 characters a frame (the portal refuses others), at most 64 flags kept a session.
  it('client_options cannot grow one session without bound', async () => {
    const pid = await suite.game.pid('server');
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
    const c = suite.track(await connect(suite.game));
    const from = c.frames.length;
    const before = rss();
    // The attack as first found: 240 frames of 1,800 keys (about 50 MB kept before the fix),
    // then 240 frames of the most keys a frame may carry, all new.
    for (let f = 0; f < 480; f++) {
      const options: Record<string, number> = {};
      for (let k = 0; k < (f < 240 ? 1800 : 32); k++) options[`k${f}_${k}_xxxxxxxxxxxx`] = k;
      c.send(['client_options', [], options]);
      // Stay under MUD_MAX_COMMAND_RATE (80/s) so every frame is taken.
      if (f % 60 === 59) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(await c.command('look', 'connect <username>')).toBeTruthy();
    const errors = c.frames.slice(from).flatMap((f) => (f[0] === 'error' ? [f] : []));
    // Every big frame is refused by the schema; of the small ones the first two fill the
    // session's 64 flags and each later one is refused (its new keys ignored).
    expect(errors).toHaveLength(240 + 238);
    for (const e of errors) expect(e[2]).toMatchObject({ code: ErrorCode.InvalidArguments, input: 'client_options' });
    const grown = rss() - before;
    c.close();
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('every attack left both processes as they were', async () => {
    await expectUnharmed();
  });

  // Found by the soak: GameServer.removeSession fires `void this.states.menuChanged(account)`,
  // whose database read could still be pending when a shutdown closed the database; the rejection
  // was uncaught and the game server exited 1 in the middle of a clean shutdown. Fixed:
  // menuChanged never rejects. Runs last: it stops the game.
  it('a shutdown right after a wave of logouts is clean: nothing uncaught in the game server', async () => {
    const players = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createAccount(suite.game, `Leaver${i}`, `leaver-secret-${i}x`)),
    );
    for (const p of players) p.close();
    expect(await suite.game.stop()).toBe(0);
    const uncaught = suite.game
      .log()
      .split('\n')
      .filter((line) => line.includes('"incident":"server-uncaught"'));
    expect(uncaught).toEqual([]);
  });
});

// =============================================================================================
// The guarded game: behind a trusted proxy on 127.0.0.1, which gives each client its address.
// =============================================================================================

describe('a game behind a trusted proxy', () => {
  const HEARTBEAT = 2;
  const suite = gameSuite({
    ...SUPERUSER,
    MUD_MULTISESSION_MODE: '1',
    MUD_TRUSTED_PROXIES: '127.0.0.1',
    MUD_MAX_SESSIONS_PER_IP: '10',
    MUD_LOGIN_THROTTLE_LIMIT: '5',
    MUD_CREATION_THROTTLE_LIMIT: '2',
    MUD_HEARTBEAT_INTERVAL: String(HEARTBEAT),
    MUD_RESUME_GRACE: '0',
  });
  let admin: TestClient;
  let game: GameProcess;

  beforeAll(async () => {
    game = suite.game;
    admin = suite.track(await login(game, 'Overseer', 'overseer-secret-1'));
  });

  let nextAddress = 1;
  /** A fresh client address behind the proxy (TEST-NET-2). */
  const address = () => `198.51.100.${nextAddress++}`;

  async function connectFrom(addr: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
    const c = suite.track(await TestClient.connect(game.wsUrl, { headers: { 'x-forwarded-for': addr }, ...options }));
    await c.waitForText('connect <username>');
    return c;
  }
  async function createFrom(addr: string, name: string, password: string): Promise<TestClient> {
    const c = await connectFrom(addr);
    const from = c.frames.length;
    c.line(`create "${name}" ${password}`);
    await c.waitForFrame('logged_in', from);
    return c;
  }
  /** The admin's `who` row for an account. */
  async function whoRow(name: string): Promise<string | undefined> {
    const who = await admin.command('who', 'logged in.');
    return who.split('\n').find((line) => line.startsWith(name));
  }

  describe('client addresses', () => {
    it('takes the address the proxy appended, not one the client prepended', async () => {
      const c = suite.track(
        await TestClient.connect(game.wsUrl, { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } }),
      );
      await c.waitForText('connect <username>');
      const from = c.frames.length;
      c.line('create Proxied proxied-secret-1');
      await c.waitForFrame('logged_in', from);
      const row = await whoRow('Proxied');
      expect(row).toContain('203.0.113.7');
      expect(row).not.toContain('6.6.6.6');
    });

    it('caps sessions per client address behind the proxy, not per proxy', async () => {
      const crowded = address();
      const held = await Promise.all(Array.from({ length: 10 }, () => connectFrom(crowded)));
      const extra = await TestClient.connect(game.wsUrl, { headers: { 'x-forwarded-for': crowded } });
      expect(await extra.closed).toBe(CloseCode.PolicyViolation);
      const neighbour = await connectFrom(address());
      expect(await neighbour.command('look', 'connect <username>')).toBeTruthy();
      for (const c of held) c.close();
    });
  });

  describe('brute force', () => {
    it('throttles a brute-force on one connection after 5 failures: then even the right password is refused', async () => {
      const victim = await createFrom(address(), 'Victim', 'victim-secret-1');
      victim.close();
      const attackerAddress = address();
      const attacker = await connectFrom(attackerAddress);
      const from = attacker.frames.length;
      for (let i = 0; i < 20; i++) attacker.send(['login', [], { name: 'Victim', password: `guess-${i}-password` }]);
      await attacker.waitFor(
        () => attacker.frames.slice(from).filter((f) => f[0] === 'error').length >= 20,
        '20 refusals',
        60_000,
      );
      const codes = attacker.frames.slice(from).flatMap((f) => (f[0] === 'error' ? [f[2].code] : []));
      expect(codes.filter((c) => c === ErrorCode.LoginFailed)).toHaveLength(5);
      expect(codes.filter((c) => c === ErrorCode.Throttled)).toHaveLength(15);
      // Typed connects from another connection of the same address are throttled too.
      const second = await connectFrom(attackerAddress);
      expect((await refusal(second, 'connect Victim victim-secret-1')).code).toBe(ErrorCode.Throttled);
      const last = attacker.frames.length;
      attacker.send(['login', [], { name: 'Victim', password: 'victim-secret-1' }]);
      expect((await attacker.waitForFrame('error', last))[2].code).toBe(ErrorCode.Throttled);
      expect(attacker.frames.some((f) => f[0] === 'logged_in')).toBe(false);
      // The owner, from their own address, is not locked out.
      const owner = await connectFrom(address());
      await owner.command('connect Victim victim-secret-1', 'logged in as Victim');
    });

    // Was a known gap (SECURITY.md): the throttle was checked before the argon2 verify and the
    // failure recorded after it, so simultaneous attempts all passed the check. Fixed: each
    // attempt is counted before the verify is awaited (un-counted if it succeeds).
    it('a parallel brute-force from many connections gets no more guesses than the limit', async () => {
      await createFrom(address(), 'Target', 'target-secret-1');
      const attackerAddress = address();
      const conns = await Promise.all(Array.from({ length: 10 }, () => connectFrom(attackerAddress)));
      const marks = conns.map((c) => c.frames.length);
      conns.forEach((c, i) => {
        c.send(['login', [], { name: 'Target', password: `parallel-${i}-guess` }]);
      });
      const codes = await Promise.all(conns.map(async (c, i) => (await c.waitForFrame('error', marks[i]))[2].code));
      expect(codes.filter((c) => c === ErrorCode.LoginFailed).length).toBeLessThanOrEqual(5);
      for (const c of conns) c.close();
    });

    // Was a known gap of the same shape in AccountService.create. Fixed: each creation is counted
    // before the argon2 hash is awaited, and un-counted if it fails.
    it('parallel account creation from one address gets no more accounts than the creation limit', async () => {
      const crowd = address();
      const conns = await Promise.all(Array.from({ length: 6 }, () => connectFrom(crowd)));
      const marks = conns.map((c) => c.frames.length);
      conns.forEach((c, i) => {
        c.send(['create', [], { name: `Sybil${i}`, password: `sybil-secret-${i}` }]);
      });
      const outcomes = await Promise.all(
        conns.map((c, i) =>
          c.waitFor(
            () => c.frames.slice(marks[i]).find((f) => f[0] === 'logged_in' || f[0] === 'error'),
            'an answer',
            30_000,
          ),
        ),
      );
      expect(outcomes.filter((f) => f[0] === 'logged_in').length).toBeLessThanOrEqual(2);
      for (const c of conns) c.close();
    });

    // Was a known gap (SECURITY.md): someone at an unattended logged-in session could guess the
    // old password at the command rate. Fixed: wrong old passwords are throttled per account.
    it('password <old> = <new> is throttled per account after 5 wrong old passwords, from all its sessions at once', async () => {
      const addr = address();
      const first = await createFrom(addr, 'Absent', 'absent-secret-1');
      const second = await connectFrom(addr);
      await second.command('connect Absent absent-secret-1', 'logged in as Absent');
      const from = first.frames.length;
      for (let i = 0; i < 8; i++) (i % 2 ? second : first).line(`password wrong-${i}-guess = taken-over-1`);
      // In mode 1 the sessions share their puppet, so each sees the answers to both.
      const answers = () =>
        first.frames
          .slice(from)
          .flatMap((f) => (f[0] === 'text' ? [String(f[1][0])] : []))
          .filter((t) => /not correct|Too many/.test(t));
      await first.waitFor(() => answers().length >= 8, '8 answers');
      expect(answers().filter((t) => t.includes('not correct'))).toHaveLength(5);
      expect(answers().filter((t) => t.includes('Too many wrong passwords'))).toHaveLength(3);
      // Now even the right old password is refused, and the password did not change.
      expect(await second.command('password absent-secret-1 = taken-over-1', 'Too many wrong passwords')).toBeTruthy();
      const fresh = await connectFrom(address());
      await fresh.command('connect Absent absent-secret-1', 'logged in as Absent');
    });

    it('does not tell through timing whether an account name exists', async () => {
      const known: number[] = [];
      const unknown: number[] = [];
      const attempt = async (c: TestClient, name: string) => {
        const from = c.frames.length;
        const start = performance.now();
        c.send(['login', [], { name, password: 'not-the-password-1' }]);
        await c.waitForFrame('error', from);
        return performance.now() - start;
      };
      // Interleaved pairs, each from a fresh address so the login throttle stays out of it.
      for (let i = 0; i < 5; i++) {
        const c = await connectFrom(address());
        known.push(await attempt(c, 'Overseer'));
        unknown.push(await attempt(c, `Nobody${i}x`));
        c.close();
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      // An unknown name must cost a real argon2 verify too: within a factor of three either way
      // (a shared CI machine is noisy; the leak this guards against is ~1 ms against ~50 ms).
      expect(median(unknown)).toBeGreaterThan(median(known) / 3);
      expect(median(unknown)).toBeLessThan(median(known) * 3);
    });
  });

  describe('dead connections', () => {
    it('a peer that stops answering pings is cut off and its session ends', async () => {
      // Answers pings by hand until it is logged in, then goes silent.
      const hung = await connectFrom(address(), { autoPong: false });
      let alive = true;
      hung.socket.on('ping', (data) => {
        if (alive) hung.socket.pong(data);
      });
      const from = hung.frames.length;
      hung.line('create Sleeper sleeper-secret-1');
      await hung.waitForFrame('logged_in', from);
      expect(await whoRow('Sleeper')).toBeTruthy();
      alive = false;
      const started = Date.now();
      const code = await Promise.race([
        hung.closed,
        new Promise((r) => setTimeout(() => r('still open'), HEARTBEAT * 4000)),
      ]);
      expect(code).toBe(1006);
      expect(Date.now() - started).toBeLessThan(HEARTBEAT * 3000 + 1000);
      await expect.poll(async () => whoRow('Sleeper'), { timeout: 5000 }).toBeUndefined();
    });

    it('a peer that stops reading altogether is cut off the same way; a well-behaved one is not', async () => {
      const polite = await connectFrom(address());
      const stalled = await createFrom(address(), 'Staller', 'staller-secret-1');
      tcp(stalled).pause();
      await expect.poll(async () => whoRow('Staller'), { timeout: HEARTBEAT * 4000 + 2000 }).toBeUndefined();
      // The polite client lived through the same pings, as did the admin since the game began.
      expect(polite.closeCode).toBeUndefined();
      expect(await polite.command('look', 'connect <username>')).toBeTruthy();
      expect(admin.closeCode).toBeUndefined();
    });
  });

  describe('boot', () => {
    it('ends every session of an account, with a reason and close 1000', async () => {
      const addr = address();
      const a = await createFrom(addr, 'Rowdy', 'rowdy-secret-1');
      const b = await connectFrom(addr);
      await b.command('connect Rowdy rowdy-secret-1', 'logged in as Rowdy');
      expect(await admin.command('boot rowdy', 'Booted')).toContain('2 sessions');
      expect(await a.closed).toBe(CloseCode.Normal);
      expect(await b.closed).toBe(CloseCode.Normal);
      expect(a.text()).toContain('You have been booted by Overseer.');
      expect(b.text()).toContain('You have been booted by Overseer.');
      await expect.poll(async () => whoRow('Rowdy'), { timeout: 5000 }).toBeUndefined();
    });

    it('ends one session by sessid, and only a superuser may boot', async () => {
      const addr = address();
      const a = await createFrom(addr, 'Unruly', 'unruly-secret-1');
      const b = await connectFrom(addr);
      await b.command('connect Unruly unruly-secret-1', 'logged in as Unruly');
      const sessid = b.last('session')?.[2].sessid;
      expect(sessid).toBeGreaterThan(0);
      expect(await a.command('boot Overseer', 'not available')).toBeTruthy();
      expect(admin.closeCode).toBeUndefined();
      await admin.command(`boot ${sessid}`, 'Booted');
      expect(await b.closed).toBe(CloseCode.Normal);
      expect(b.text()).toContain('You have been booted by Overseer.');
      expect(a.closeCode).toBeUndefined();
      expect(await a.command('sessions', 'Sessid')).not.toMatch(new RegExp(`^${sessid}\\s`, 'm'));
      expect(await admin.command('boot Nobody-here', 'No connected session')).toBeTruthy();
      expect(await admin.command('boot Overseer', 'yourself')).toBeTruthy();
    });
  });
});
