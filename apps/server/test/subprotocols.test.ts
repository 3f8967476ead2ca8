/**
 * The MUD Standards websocket subprotocols against the real game (docs/telnet.md#mud-standards-websocket-subprotocols):
 * the handshake's choice, and for each one the connection screen, `create` / `connect` typed as
 * text, `look`, OOB state and OOB input in the format's own frames, over raw `ws` sockets.
 */
import { request } from 'node:http';
import { Subprotocol } from '@mud/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import { WireClient } from '../src/testing/WireClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});
const wires: WireClient[] = [];
afterAll(() => {
  for (const wire of wires) wire.close();
});

async function open(protocols: string[]): Promise<WireClient> {
  const wire = await WireClient.connect(suite.game.wsUrl, protocols);
  wires.push(wire);
  return wire;
}

/** The OOB state a format carries: a GMCP message or a JSON envelope, as the parsed session state. */
function sessionState(protocol: string, text: string): { loggedIn: boolean; account: string | null } | undefined {
  if (protocol === Subprotocol.GmcpStandard) {
    return text.startsWith('Core.Session ') ? JSON.parse(text.slice('Core.Session '.length)) : undefined;
  }
  const envelope = JSON.parse(text);
  return envelope.proto === 'gmcp' && envelope.id === 'Core.Session' ? JSON.parse(envelope.data) : undefined;
}

describe('the handshake', () => {
  it.each(Object.values(Subprotocol))('selects %s when offered alone', async (name) => {
    const wire = await open([name]);
    expect(wire.protocol).toBe(name);
    wire.close();
  });

  it.each([
    [['terminal.mudstandards.org', 'gmcp.mudstandards.org', 'v1.evennia.com', 'json.mudstandards.org'], 'json'],
    [['v1.evennia.com', 'terminal.mudstandards.org', 'gmcp.mudstandards.org'], 'gmcp'],
    [['v1.evennia.com', 'unknown.example', 'terminal.mudstandards.org'], 'terminal'],
  ])('prefers Evennia’s order whatever the client’s: %j → %s', async (offered, chosen) => {
    const wire = await open(offered);
    expect(wire.protocol).toBe(`${chosen === 'v1' ? 'v1.evennia.com' : `${chosen}.mudstandards.org`}`);
    wire.close();
  });

  it('names no subprotocol when only unknown ones are offered, and speaks v1.evennia.com', async () => {
    const { port } = suite.game;
    const answer = await new Promise<{ status: number; protocol: string | undefined; first: string }>(
      (resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          path: '/ws',
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
            'Sec-WebSocket-Protocol': 'v2.unknown.example, chat',
          },
        });
        req.on('upgrade', (res, socket, head) => {
          // The server's first frame: unmasked, FIN + text, its length in 7 or 7+16 bits (short).
          let bytes = head;
          const read = (chunk: Buffer) => {
            bytes = Buffer.concat([bytes, chunk]);
            if (bytes.length < 4) return;
            const short = (bytes[1] ?? 0) & 0x7f;
            const start = short === 126 ? 4 : 2;
            const length = short === 126 ? bytes.readUInt16BE(2) : short;
            if (bytes.length < start + length) return;
            const opcode = (bytes[0] ?? 0) & 0x0f;
            socket.off('data', read);
            socket.destroy();
            resolve({
              status: res.statusCode ?? 0,
              protocol: res.headers['sec-websocket-protocol'],
              first: opcode === 1 ? bytes.subarray(start, start + length).toString('utf8') : `opcode ${opcode}`,
            });
          };
          socket.on('data', read);
          read(Buffer.alloc(0));
        });
        req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
        req.on('error', reject);
        req.end();
      },
    );
    expect(answer.status).toBe(101);
    // RFC 6455 §4.2.2: never a subprotocol the client did not offer; none at all is allowed.
    expect(answer.protocol).toBeUndefined();
    expect(JSON.parse(answer.first)).toEqual(expect.arrayContaining([expect.any(String), expect.any(Array)]));
    // A client that insists on one of its own (browsers, ws) fails the connection itself.
    await expect(WireClient.connect(suite.game.wsUrl, ['v2.unknown.example'])).rejects.toThrow(/no subprotocol/);
  });
});

describe.each([Subprotocol.JsonStandard, Subprotocol.GmcpStandard, Subprotocol.Terminal])('%s', (protocol) => {
  it('shows the connection screen; create, connect and look typed as text', async () => {
    const name = uniqueName('Wire');
    const wire = await open([protocol]);
    await wire.waitForScreen('connect <username>');
    await wire.command(`create ${name} ${passwordFor(name)}`, name);
    const look = await wire.command('look', /\S/);
    expect(look.length).toBeGreaterThan(0);
    wire.close();
    await wire.closed;

    const again = await open([protocol]);
    await again.waitForScreen('connect <username>');
    await again.command(`connect ${name} ${passwordFor(name)}`, name);
    await again.command('say hello from the wire', 'You say, "hello from the wire"');
    if (protocol === Subprotocol.Terminal) {
      // No OOB channel: every message is game text in a binary frame.
      expect(again.texts()).toEqual([]);
    } else {
      // The session state arrives as the format's OOB: logged in as this account.
      await again.waitFor(
        () => again.texts().some((t) => sessionState(protocol, t)?.account === name),
        'the session state as OOB',
      );
    }
    again.close();
  });

  it('is a session like any other: a web client player in the room hears it', async () => {
    const listenerName = uniqueName('Ear');
    const listener = suite.track(await createAccount(suite.game, listenerName, passwordFor(listenerName)));
    const name = uniqueName('Talker');
    const wire = await open([protocol]);
    await wire.command(`create ${name} ${passwordFor(name)}`, name);
    wire.sendBinary(`say over ${protocol}`);
    await listener.waitForText(`${name} says, "over ${protocol}"`);
    wire.close();
  });
});

describe('one account over several subprotocols', () => {
  it('mode 0: a login over GMCP replaces the account’s terminal session, which is told and closed', async () => {
    const name = uniqueName('Both');
    const terminal = await open([Subprotocol.Terminal]);
    await terminal.command(`create ${name} ${passwordFor(name)}`, name);
    const gmcp = await open([Subprotocol.GmcpStandard]);
    await gmcp.command(`connect ${name} ${passwordFor(name)}`, name);
    expect(await terminal.closed).toBe(1000);
    expect(terminal.screen()).toContain('logged in from elsewhere');
    await gmcp.command('say still here', 'You say, "still here"');
  });
});

describe.each([Subprotocol.JsonStandard, Subprotocol.GmcpStandard])('OOB input on %s', (protocol) => {
  const oob = (name: string, data: string) =>
    protocol === Subprotocol.GmcpStandard ? `${name} ${data}` : JSON.stringify({ proto: 'gmcp', id: name, data });

  it('runs a command line sent as OOB, and client_options take effect', async () => {
    const name = uniqueName('Oob');
    const wire = await open([protocol]);
    await wire.command(`create ${name} ${passwordFor(name)}`, name);
    let from = wire.mark();
    wire.sendText(oob('Core.Text', '"say sent as oob"'));
    await wire.waitForScreen('You say, "sent as oob"', from);
    // Colour is on by default; `ansi: false` turns it off for this session.
    expect(wire.stream(from)).toContain('\x1b[');
    wire.sendText(oob('Core.Supports.Get', '{"ansi": false}'));
    from = wire.mark();
    wire.sendText(oob('Core.Text', '"say plain now"'));
    await wire.waitForScreen('You say, "plain now"', from);
    expect(wire.stream(from)).not.toContain('\x1b');
    wire.close();
  });

  it('ends the session when the connection drops: it cannot be resumed, and says so', async () => {
    const wire = await open([protocol]);
    await wire.waitForScreen('connect <username>');
    const from = wire.mark();
    wire.sendText(oob('Core.Resume', JSON.stringify({ token: 'x'.repeat(32) })));
    await wire.waitForScreen('v1.evennia.com subprotocol only', from);
    await wire.waitForText((t) => t.includes('E_RESUME_FAILED'), 'the error as OOB', from);
    const before = (await suite.game.health()).sessions;
    wire.socket.terminate();
    // A web client's session would wait MUD_RESUME_GRACE (60 s) for its tab.
    await expect.poll(async () => (await suite.game.health()).sessions, { timeout: 10_000 }).toBeLessThan(before);
  });
});
