/**
 * Bad input on the MUD Standards websocket subprotocols against the real game
 * (docs/telnet.md#mud-standards-websocket-subprotocols): each gets a clear error in its own format
 * and the connection keeps working (or closes with 1009 when oversized), nobody else notices,
 * and escape sequences typed in a terminal never reach another player raw.
 */
import { ErrorCode, Subprotocol } from '@mud/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordFor, uniqueName } from '../src/testing/names.js';
import { createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { WireClient } from '../src/testing/WireClient.js';
import { gameSuite } from './support.js';

/** Above the longest line (4096), so an overlong line is refused by its own limit first. */
const MAX_FRAME_BYTES = 8192;
const suite = gameSuite({ MUD_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), MUD_MAX_COMMAND_RATE: '20' });
const wires: WireClient[] = [];
let bystander: TestClient;

beforeAll(async () => {
  const name = uniqueName('Bystander');
  bystander = suite.track(await createAccount(suite.game, name, passwordFor(name)));
});
afterAll(() => {
  for (const wire of wires) wire.close();
});

/** A logged-in player on `protocol`, in the bystander's room. */
async function player(protocol: string): Promise<WireClient> {
  const wire = await WireClient.connect(suite.game.wsUrl, [protocol]);
  wires.push(wire);
  const name = uniqueName('Bad');
  await wire.command(`create ${name} ${passwordFor(name)}`, name);
  // Everything the login sends has arrived once the answer to a later command has.
  await wire.command(`say ready ${name}`, `You say, "ready ${name}"`);
  return wire;
}

/** The bystander's game still answers, and nothing it was sent is an error. */
async function bystanderUnharmed(): Promise<void> {
  const from = bystander.frames.length;
  await bystander.command('look', /\S/);
  expect(bystander.frames.slice(from).filter((f) => f[0] === 'error')).toEqual([]);
}

/** Sends `send`, then waits for the red error line and, where there is OOB, the error's code. */
async function expectError(wire: WireClient, send: () => void, code: ErrorCode): Promise<void> {
  const from = wire.mark();
  send();
  await wire.waitFor(() => wire.stream(from).endsWith('\r\n'), 'an answer');
  expect(wire.stream(from)).toMatch(/^\x1b\[31m[^\r\n]+\x1b\[0m\r\n$/);
  if (wire.protocol !== Subprotocol.Terminal) await wire.waitForText((t) => t.includes(code), code, from);
  await wire.command('look', /\S/);
}

describe('json.mudstandards.org', () => {
  it('answers a malformed envelope, a command sent as a text frame, an unknown package, and deep JSON', async () => {
    const wire = await player(Subprotocol.JsonStandard);
    await expectError(wire, () => wire.sendText('{"proto": "gmcp", "id": '), ErrorCode.MalformedFrame);
    await expectError(wire, () => wire.sendText('look'), ErrorCode.MalformedFrame);
    const unknown = JSON.stringify({ proto: 'gmcp', id: 'Char.Vitals', data: '{"hp": 1}' });
    await expectError(wire, () => wire.sendText(unknown), ErrorCode.UnknownInput);
    const deep = `{"proto": "text", "data": ${'['.repeat(1000)}${']'.repeat(1000)}}`;
    await expectError(wire, () => wire.sendText(deep), ErrorCode.MalformedFrame);
    // Deep JSON inside `data` is refused as a v1 frame `["text", [[[...]]], {}]` is.
    const deepGmcp = JSON.stringify({ proto: 'gmcp', id: 'Core.Text', data: `${'['.repeat(1000)}${']'.repeat(1000)}` });
    await expectError(wire, () => wire.sendText(deepGmcp), ErrorCode.InvalidArguments);
    await expectError(wire, () => wire.sendBinary(Buffer.from([0xc3, 0x28])), ErrorCode.MalformedFrame);
    await bystanderUnharmed();
  });
});

describe('gmcp.mudstandards.org', () => {
  it('answers an unknown package, a command sent as GMCP text, bad and deep JSON, bad UTF-8', async () => {
    const wire = await player(Subprotocol.GmcpStandard);
    await expectError(wire, () => wire.sendText('Char.Vitals {"hp": 1}'), ErrorCode.UnknownInput);
    // A command line in a text frame is read as a GMCP package named `look`.
    await expectError(wire, () => wire.sendText('look'), ErrorCode.UnknownInput);
    await expectError(wire, () => wire.sendText('Core.Text {"a":'), ErrorCode.MalformedFrame);
    await expectError(wire, () => wire.sendText(`Core.Text ${'['.repeat(1000)}`), ErrorCode.MalformedFrame);
    await expectError(wire, () => wire.sendText(`Core.Text "${'x'.repeat(4097)}"`), ErrorCode.LineTooLong);
    await expectError(wire, () => wire.sendBinary(Buffer.from([0xff, 0xfe])), ErrorCode.MalformedFrame);
    // GMCP sent in a binary frame is a command line like any other, which the game does not know.
    const from = wire.mark();
    wire.sendBinary('Core.Text "look"');
    await wire.waitForScreen(/not available|help/i, from);
    await bystanderUnharmed();
  });
});

describe('terminal.mudstandards.org', () => {
  it('answers bad UTF-8 and an overlong line as red lines; text frames are command lines too', async () => {
    const wire = await player(Subprotocol.Terminal);
    await expectError(wire, () => wire.sendBinary(Buffer.from([0xff, 0xfe, 0x41])), ErrorCode.MalformedFrame);
    await expectError(wire, () => wire.sendBinary('x'.repeat(4097)), ErrorCode.LineTooLong);
    const from = wire.mark();
    wire.sendText('say typed in a text frame');
    await wire.waitForScreen('You say, "typed in a text frame"', from);
    expect(wire.texts()).toEqual([]);
    await bystanderUnharmed();
  });

  it('keeps to the input rate: a flood is cut off with one warning', async () => {
    const wire = await player(Subprotocol.Terminal);
    const from = wire.mark();
    for (let i = 0; i < 60; i++) wire.sendBinary('idle-flood-line');
    await wire.waitForScreen('You entered commands too fast', from);
    await bystanderUnharmed();
  });

  it('never lets typed escape sequences reach another player raw', async () => {
    const listener = await player(Subprotocol.Terminal);
    const speaker = await player(Subprotocol.Terminal);
    const from = listener.mark();
    const bystanderFrom = bystander.frames.length;
    speaker.sendBinary('say \x1b[2J\x1b[Hcleared \x1b]0;title\x07 \x9b31m done-marker');
    await listener.waitForScreen('done-marker', from);
    await bystander.waitForText('done-marker', bystanderFrom);
    // Only SGR colour codes may reach a terminal: no other CSI, no OSC, no BEL, no C1.
    const heard = listener.stream(from).replace(/\x1b\[[0-9;]*m/g, '');
    expect(heard).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/);
    const seen = bystander.frames
      .slice(bystanderFrom)
      .map((f) => (f[0] === 'text' ? f[1][0] : ''))
      .join('\n')
      .replace(/\x1b\[[0-9;]*m/g, '');
    expect(seen).toContain('done-marker');
    expect(seen).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/);
  });
});

describe.each([Subprotocol.JsonStandard, Subprotocol.GmcpStandard, Subprotocol.Terminal])(
  'a message over MUD_MAX_FRAME_BYTES on %s',
  (protocol) => {
    it.each([true, false])('closes with 1009 (binary: %s); nobody else notices', async (binary) => {
      const wire = await player(protocol);
      const big = 'x'.repeat(MAX_FRAME_BYTES + 1);
      if (binary) wire.sendBinary(big);
      else wire.sendText(big);
      expect(await wire.closed).toBe(1009);
      await bystanderUnharmed();
    });
  },
);
