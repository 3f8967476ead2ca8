/**
 * Telnet against the real game (docs/telnet.md): a telnet player creates an account and logs in
 * with typed commands, plays beside a websocket player, with MCCP2 and GMCP on; `who` shows both
 * protocols; a telnet client closing ends its session at once.
 */
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/testing/players.js';
import { TelnetOpt, TelnetTestClient } from '../src/testing/TelnetTestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});
/** Limbo's description: the look on arrival. */
const LIMBO = 'The void between worlds';

/** A telnet player: `create` on one connection, then `connect` on another. */
async function telnetPlayer(port: number, name: string, options = {}): Promise<TelnetTestClient> {
  const first = await TelnetTestClient.connect(port);
  await first.waitForText(/create/i);
  const created = first.mark;
  first.line(`create ${name} ${name.toLowerCase()}-secret-1`);
  await first.waitForText(LIMBO, created);
  first.close();
  await first.closed;
  const client = await TelnetTestClient.connect(port, options);
  await client.waitForText(/connect/i);
  const mark = client.mark;
  client.line(`connect ${name} ${name.toLowerCase()}-secret-1`);
  await client.waitForText(LIMBO, mark);
  return client;
}

describe('telnet', () => {
  it('logs in with typed commands, plays `look` and `say`, and hears a websocket player', async () => {
    const { game } = suite;
    const web = suite.track(await createAccount(game, 'Webby', 'webby-secret-1'));
    const tel = await telnetPlayer(game.portOf('telnet'), 'Telly');
    try {
      let mark = tel.mark;
      tel.line('look');
      await tel.waitForText('Webby', mark);
      mark = tel.mark;
      const webMark = web.frames.length;
      tel.line('say hello from telnet');
      await tel.waitForText(/You say.*hello from telnet/, mark);
      await web.waitForText(/Telly says.*hello from telnet/, webMark);
      mark = tel.mark;
      web.line('say hello from the web');
      await tel.waitForText(/Webby says.*hello from the web/, mark);
      // Lines end with CR LF on the wire.
      expect(tel.raw).toContain('hello from the web');
      expect(
        tel.raw
          .split('\n')
          .slice(0, -1)
          .every((l) => l.endsWith('\r')),
      ).toBe(true);

      // `who` lists both sessions with their protocols (the superuser's view).
      const whoMark = web.frames.length;
      web.line('who');
      const who = await web.waitForText(/Telly/, whoMark);
      expect(who).toMatch(/telnet/);
      expect(who).toMatch(/websocket/);

      // Closing the telnet client ends its session at once: the character leaves.
      const leaveMark = web.frames.length;
      tel.close();
      await web.waitForText(/Telly.*(leaves|disconnect|left)/i, leaveMark, 10_000);
    } finally {
      tel.close();
    }
  });

  it('plays with MCCP2 and GMCP on: text inflates, state arrives as GMCP, GMCP input runs', async () => {
    const { game } = suite;
    const tel = await telnetPlayer(game.portOf('telnet'), 'Zippy', {
      accept: [TelnetOpt.MCCP2, TelnetOpt.GMCP, TelnetOpt.EOR],
      gmcpHello: ['Core.Hello {"client":"TestClient","version":"1.0"}', 'Core.Supports.Set ["Char 1"]'],
      ttype: ['TESTCLIENT', 'XTERM-256COLOR', 'MTTS 13'],
      naws: [120, 40],
    });
    try {
      expect(tel.events).toContain('MCCP2 start');
      await tel.waitForGmcp('Core.Session');
      const mark = tel.mark;
      tel.sendGmcp('Core.Text "look"');
      await tel.waitForText(LIMBO, mark);
      tel.sendGmcp('Core.Ping');
      await tel.waitForGmcp('Core.Ping');
      // Everything after the marker came compressed: the words are not on the wire in clear.
      const afterStart = Buffer.concat(tel.wire).toString('latin1');
      expect(afterStart.split('\xff\xfa\x56\xff\xf0')[1] ?? '').not.toContain('void between worlds');
    } finally {
      tel.close();
    }
  });

  it("renders colour by the client's TTYPE: none for a DUMB terminal, ANSI for a colour one", async () => {
    const { game } = suite;
    const port = game.portOf('telnet');
    const dumb = await TelnetTestClient.connect(port, { ttype: ['PLAINCLIENT', 'DUMB', 'MTTS 0'] });
    const colour = await TelnetTestClient.connect(port, { ttype: ['SOMECLIENT', 'XTERM-256COLOR', 'MTTS 9'] });
    try {
      // The third SEND is answered before `look` is typed, and the portal reads one socket in
      // order: the client's options reach the game server before the line does.
      for (const client of [dumb, colour]) {
        await client.waitFor(() => client.events.filter((e) => e === 'SB 24 01').length === 3, 'TTYPE cycle');
        const mark = client.mark;
        client.line('look');
        await client.waitForText(/create/, mark);
      }
      const look = (client: TelnetTestClient) => client.raw.slice(client.raw.lastIndexOf('Welcome'));
      expect(look(dumb)).not.toContain('\x1b[');
      expect(look(colour)).toContain('\x1b[');
    } finally {
      dumb.close();
      colour.close();
    }
  });

  it('`quit` closes the telnet connection after its goodbye, the MCCP2 stream finished first', async () => {
    const { game } = suite;
    const tel = await TelnetTestClient.connect(game.portOf('telnet'), { accept: [TelnetOpt.MCCP2] });
    await tel.waitForText(/create/);
    const mark = tel.mark;
    tel.line('quit');
    await tel.closed;
    // The goodbye came compressed, and the stream was finished before the close.
    expect(tel.text(mark)).toContain('Good bye!');
    expect(tel.events.slice(-2)).toEqual(['MCCP2 start', 'MCCP2 end']);
  });
});
