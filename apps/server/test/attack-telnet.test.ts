/**
 * Attacks on the telnet port of a running game (docs/telnet.md#limits): IAC floods, an endless
 * subnegotiation, negotiation storms, bytes that are not UTF-8, NUL and lone CR, a line over the
 * limit, escape sequences typed at a websocket player, an HTTP request. After each, the attacker
 * is refused or throttled and a websocket bystander on the same game still plays.
 */
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/testing/players.js';
import { TelnetOpt, TelnetTestClient, telnetPlayer } from '../src/testing/TelnetTestClient.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const LIMBO = 'The void between worlds';
/** The SGR codes the server's markup makes (text/markup.ts); any other escape is an injection. */
const SERVER_SGR = /\x1b\[(?:0|1|4|7|22|[34][0-7]|1;3[0-7]|22;3[0-7]|[34]8;5;\d{1,3})m/g;
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

let bystander: TestClient | undefined;
let serial = 0;
const suite = gameSuite({ MUD_MAX_COMMAND_RATE: '20', MUD_MAX_SESSIONS_PER_IP: '10' }, async (s) => {
  bystander = s.track(await createAccount(s.game, 'Bystander', 'bystander-secret-1'));
});

/** The websocket bystander still plays: its own `say` comes back. */
async function bystanderPlays(): Promise<void> {
  if (!bystander) throw new Error('no bystander');
  const words = `still fine ${++serial}`;
  expect(await bystander.command(`say ${words}`, words)).toContain(words);
}

const port = () => suite.game.portOf('telnet');

describe('attacks on the telnet port', () => {
  it('an IAC flood (NOPs, unknown options) throttles the flooder only', async () => {
    const attacker = await TelnetTestClient.connect(port());
    try {
      await attacker.waitForText(/create/);
      const flood: number[] = [];
      for (let i = 0; i < 50_000; i++) flood.push(255, 241, 255, 251, 100 + (i % 100));
      attacker.sendRaw(flood);
      await attacker.waitForText(/too fast/);
      // Each unknown option was refused at most once.
      expect(attacker.events.filter((e) => e.startsWith('DONT')).length).toBeLessThanOrEqual(100);
      await bystanderPlays();
    } finally {
      attacker.close();
    }
  });

  it('an endless subnegotiation is dropped and the connection keeps working', async () => {
    const attacker = await TelnetTestClient.connect(port(), { accept: [TelnetOpt.GMCP] });
    try {
      await attacker.waitForText(/create/);
      attacker.sendRaw([255, 250, TelnetOpt.GMCP]);
      const junk = Buffer.alloc(64 * 1024, 0x41);
      for (let i = 0; i < 32; i++) attacker.sendRaw(junk); // 2 MiB without IAC SE
      attacker.sendRaw([255, 240]);
      await bystanderPlays();
      // The session is still there and reads lines: once the flood's share of the input rate
      // has refilled, `look` is answered.
      for (let tries = 0; ; tries++) {
        const mark = attacker.mark;
        attacker.line('look');
        const answer = await attacker.waitForText(/connect <username>|too fast/, mark);
        if (/connect <username>/.test(answer)) break;
        if (tries > 20) throw new Error('look never answered');
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      attacker.close();
    }
  });

  it('a negotiation storm gets one answer per change of state and throttles its sender', async () => {
    const attacker = await TelnetTestClient.connect(port());
    try {
      await attacker.waitForText(/create/);
      const storm: number[] = [];
      for (let i = 0; i < 20_000; i++) storm.push(255, i % 2 ? 252 : 251, TelnetOpt.TTYPE, 255, i % 2 ? 254 : 253, 3);
      attacker.sendRaw(storm);
      await attacker.waitForText(/too fast/);
      const answers = attacker.events.filter((e) => /^(DO|DONT|WILL|WONT) (24|3)$/.test(e)).length;
      expect(answers).toBeLessThan(20_000 / 4);
      await bystanderPlays();
    } finally {
      attacker.close();
    }
  });

  it('bytes that are not UTF-8, NUL and lone CR reach nobody raw; escapes typed are stripped', async () => {
    if (!bystander) throw new Error('no bystander');
    const attacker = await telnetPlayer(port(), 'create', 'Mallory', 'mallory-secret-1', LIMBO, {
      accept: [TelnetOpt.GMCP],
    });
    try {
      const from = bystander.frames.length;
      attacker.sendRaw(Buffer.from('say bad \x80\xfe\xc3 by\0tes\r\n', 'latin1'));
      attacker.sendRaw('say \x1b[2J\x1b]0;pwned\x07\x1b[31mred\x9b1m lone\rsay after lone CR\r\n');
      attacker.sendGmcp('Core.Text "say \\u001b[2Jgmcp"');
      await bystander.waitForText('after lone CR', from);
      await bystander.waitForText(/Mallory says, ".*bytes"/, from);
      await bystander.waitForText(/Mallory says, ".*gmcp"/, from);
      const texts = bystander.frames
        .slice(from)
        .filter((f) => f[0] === 'text')
        .map((f) => (f[1][0] as string).replace(SERVER_SGR, ''));
      for (const text of texts) expect(text).not.toMatch(FORBIDDEN);
      expect(texts.join('\n')).toContain('bad \ufffd\ufffd\ufffd bytes');
      await bystanderPlays();
    } finally {
      attacker.close();
    }
  });

  it('a line over the limit is refused and the next line is played', async () => {
    const attacker = await telnetPlayer(port(), 'create', 'Longy', 'longy-secret-1', LIMBO);
    try {
      const mark = attacker.mark;
      attacker.sendRaw(`say ${'x'.repeat(100_000)}\r\nsay short one\r\n`);
      await attacker.waitForText(/limited to 4096 characters/, mark);
      await attacker.waitForText('You say, "short one"', mark);
      await bystanderPlays();
    } finally {
      attacker.close();
    }
  });

  it('an HTTP request gets a short plain answer and a close', async () => {
    const attacker = await TelnetTestClient.connect(port());
    attacker.sendRaw('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await attacker.closed;
    expect(attacker.raw).toContain('HTTP/1.1 400 Bad Request');
    await bystanderPlays();
  });

  it('connections past the per-address cap are told why and closed, as websocket ones are', async () => {
    const open: TelnetTestClient[] = [];
    try {
      let refused: TelnetTestClient | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const client = await TelnetTestClient.connect(port());
        open.push(client);
        await client.waitForText(/create|Too many connections/);
        if (/Too many connections/.test(client.text())) refused = client;
      }
      if (!refused) throw new Error('never refused');
      await refused.closed;
      expect(refused.text()).toContain('Too many connections from your address (at most 10).');
      for (const client of open) client.close();
      await bystanderPlays();
    } finally {
      for (const client of open) client.close();
    }
  });
});
