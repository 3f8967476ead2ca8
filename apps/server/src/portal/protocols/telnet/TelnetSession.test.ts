/**
 * A telnet session over a real loopback socket, byte by byte: what the client sees of GMCP,
 * MCCP2, EOR / GA after prompts, ECHO around a secret prompt, escaping, and bad input.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type InboundFrame, type OutboundFrame, out } from '@mud/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TelnetOpt, TelnetTestClient } from '../../../testing/TelnetTestClient.js';
import type { PortalSession, PortalSessionEvents } from '../../PortalSession.js';
import { OUTPUT_BUFFER_FULL } from '../SlowReader.js';
import { escapeIac, subnegotiation } from './codes.js';
import { TelnetSession, type TelnetSessionOptions } from './TelnetSession.js';

interface Pair {
  session: TelnetSession;
  client: TelnetTestClient;
  inputs: InboundFrame[];
  ended: string[];
}

const servers: Server[] = [];
const clients: TelnetTestClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.close();
});

async function pair(
  clientOptions: Parameters<typeof TelnetTestClient.connect>[1] = {},
  options: TelnetSessionOptions = {},
): Promise<Pair> {
  const inputs: InboundFrame[] = [];
  const ended: string[] = [];
  const events: PortalSessionEvents = {
    input: (_s: PortalSession, frame: InboundFrame) => inputs.push(frame),
    connectionLost: () => ended.push('lost'),
    ended: (_s: PortalSession, reason: string) => ended.push(reason),
  };
  let accepted: (socket: Socket) => void = () => {};
  const socketReady = new Promise<Socket>((resolve) => {
    accepted = resolve;
  });
  const server = createServer((socket) => accepted(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = await TelnetTestClient.connect(port, clientOptions);
  clients.push(client);
  const session = new TelnetSession(1, '127.0.0.1', await socketReady, events, 'telnet', options);
  return { session, client, inputs, ended };
}

/** Waits until the session has read the client's answers to its offers (a line sent after them). */
async function settled({ client, inputs }: Pair): Promise<void> {
  await client.waitForEvent('WILL 42');
  client.line('sync');
  await client.waitFor(() => inputs.some((f) => f[1][0] === 'sync'), 'sync');
  inputs.splice(0);
}

describe('TelnetSession', () => {
  it('offers its options and turns a line into a text frame', async () => {
    const { client, inputs } = await pair();
    await client.waitForEvent('WILL 201');
    expect(client.events.slice(0, 7)).toEqual([
      'DO 24',
      'DO 31',
      'WILL 201',
      'WILL 70',
      'WILL 86',
      'WILL 25',
      'WILL 42',
    ]);
    client.line('look here');
    await client.waitFor(() => inputs.length > 0, 'input');
    expect(inputs[0]).toEqual(['text', ['look here'], {}]);
  });

  it('writes text as UTF-8 with CR LF line ends', async () => {
    const { session, client } = await pair();
    session.send([out.text('one\ntwo ÿ')]);
    await client.waitForText('two');
    const wire = Buffer.concat(client.wire);
    expect(wire.includes(Buffer.from('one\r\ntwo \xc3\xbf\r\n', 'latin1'))).toBe(true);
  });

  it('doubles IAC in what it escapes (subnegotiation payloads, data)', () => {
    expect([...escapeIac(Buffer.from([1, 255, 2, 255]))]).toEqual([1, 255, 255, 2, 255, 255]);
    expect([...subnegotiation(201, Buffer.from([255]))]).toEqual([255, 250, 201, 255, 255, 255, 240]);
  });

  it('ends a prompt with IAC GA, or IAC EOR once the client agreed to EOR', async () => {
    const plain = await pair();
    await settled(plain);
    plain.session.send([out.prompt('> ')]);
    await plain.client.waitForEvent('GA');
    const eor = await pair({ accept: [TelnetOpt.EOR] });
    await settled(eor);
    eor.session.send([out.prompt('> ')]);
    await eor.client.waitForEvent('EOR');
    expect(eor.client.events).not.toContain('GA');
  });

  it('turns ECHO on before a secret prompt and off after the next line', async () => {
    const p = await pair({ accept: [TelnetOpt.ECHO] });
    const { session, client, inputs } = p;
    await settled(p);
    session.send([['prompt', ['Password: '], { echo: false }] as unknown as OutboundFrame]);
    await client.waitForText('Password:');
    const willAt = client.events.indexOf('WILL 1');
    expect(willAt).toBeGreaterThan(-1);
    expect(client.events).not.toContain('WONT 1');
    client.line('secret-pass');
    await client.waitForEvent('WONT 1');
    expect(inputs.at(-1)).toEqual(['text', ['secret-pass'], {}]);
  });

  it('sends frames as GMCP only once the client agreed, and reads GMCP input', async () => {
    const refused = await pair();
    await settled(refused);
    refused.session.send([out.session({ sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0 } as never)]);
    refused.session.send([out.text('marker')]);
    await refused.client.waitForText('marker');
    expect(refused.client.gmcp).toEqual([]);

    const { session, client, inputs } = await pair({
      accept: [TelnetOpt.GMCP],
      gmcpHello: ['Core.Hello {"client":"Mudlet","version":"4.17.2"}', 'Core.Supports.Set ["Char 1", "Room 1"]'],
    });
    await client.waitFor(() => inputs.length > 0, 'Core.Hello');
    expect(inputs[0]).toEqual(['client_options', [], { client_name: 'Mudlet', client_version: '4.17.2' }]);
    expect(session.gmcpSupports.get('Room')).toBe(1);
    session.send([out.oob('room_info', [], { name: 'Limbo' })]);
    await client.waitForGmcp('Room.Info');
    expect(client.gmcp.at(-1)).toBe('Room.Info {"name":"Limbo"}');
    client.sendGmcp('Core.Text "look"');
    await client.waitFor(() => inputs.length > 1, 'Core.Text');
    expect(inputs[1]).toEqual(['text', ['look'], {}]);
    client.sendGmcp('Core.Ping');
    await client.waitForGmcp('Core.Ping');
    // An error is a line of text and a GMCP message.
    client.sendGmcp('Core.Nonsense 1');
    await client.waitForText(/Unknown|not/i);
  });

  it('compresses with MCCP2 after the client says DO, and falls back cleanly on DONT', async () => {
    const { session, client } = await pair({ accept: [TelnetOpt.MCCP2] });
    await client.waitForEvent('MCCP2 start');
    session.send([out.text('squeezed words')]);
    await client.waitForText('squeezed words');
    const wire = Buffer.concat(client.wire).toString('latin1');
    expect(wire).not.toContain('squeezed words');
    client.sendRaw([255, 254, TelnetOpt.MCCP2]); // IAC DONT MCCP2
    await client.waitForEvent('MCCP2 end');
    session.send([out.text('plain words again')]);
    await client.waitForText('plain words again');
    expect(Buffer.concat(client.wire).toString('latin1')).toContain('plain words again');
  });

  it('sends MSSP with the name and the player count', async () => {
    const { client } = await pair({ accept: [TelnetOpt.MSSP] }, { mssp: () => ({ NAME: 'Testmud', PLAYERS: '7' }) });
    await client.waitFor(() => client.mssp, 'MSSP');
    expect(client.mssp?.toString('latin1')).toBe('\x01NAME\x02Testmud\x01PLAYERS\x027');
  });

  it('refuses a line over the limit like a websocket frame, and the connection keeps working', async () => {
    const { client, inputs } = await pair();
    client.line('x'.repeat(20_000));
    await client.waitForText(/limited to 4096 characters/);
    client.line('look');
    await client.waitFor(() => inputs.some((f) => f[1][0] === 'look'), 'look');
    expect(inputs.every((f) => f[0] !== 'text' || (f[1][0] as string).length <= 4096)).toBe(true);
  });

  it('answers an HTTP request with a short plain answer and closes', async () => {
    const { client, ended } = await pair();
    client.sendRaw('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.closed;
    expect(client.raw).toContain('HTTP/1.1 400');
    expect(client.raw).toContain('telnet port');
    expect(ended).toEqual(['an HTTP request on the telnet port']);
  });

  it('ends the session at once when the client closes (no resume)', async () => {
    const { session, client, ended } = await pair();
    client.close();
    await client.closed;
    await client.waitFor(() => ended.length > 0, 'ended');
    expect(ended).toEqual(['connection closed by client']);
    expect(session.resumeFrom()).toBe(false);
  });

  it('throttles an IAC flood by the input rate: the flooder is told, nothing is answered past it', async () => {
    const p = await pair({}, { maxCommandRate: 5 });
    const { client, inputs } = p;
    await settled(p);
    const before = client.events.length;
    const storm: number[] = [];
    for (let i = 0; i < 2000; i++) storm.push(255, 251, 100 + (i % 100), 255, 241); // WILL <unknown>, NOP
    client.sendRaw(storm);
    client.line('still here');
    await client.waitForText(/too fast/);
    // Refused once each at most, and far fewer than asked: the rest went unanswered.
    const answers = client.events.slice(before).filter((e) => e.startsWith('DONT'));
    expect(answers.length).toBeLessThan(100);
    expect(inputs.some((f) => f[1][0] === 'still here')).toBe(false);
  });

  it('sends IAC NOP every keepalive interval', async () => {
    const { client } = await pair({}, { keepaliveSeconds: 1 });
    await client.waitForEvent('CMD 241', 10_000);
  });

  it('drops chatter for a reader that stopped reading, tells it once it catches up, and closes past the cap', async () => {
    const { session, client, ended } = await pair({}, { maxOutputBuffer: 256 * 1024 });
    await client.waitForEvent('WILL 42');
    client.socket.pause();
    const line = out.text('x'.repeat(1000));
    // Chatter past half the cap is dropped: the session stays.
    for (let i = 0; i < 5000; i++) session.send([line], { chatter: true });
    expect(ended).toEqual([]);
    client.socket.resume();
    await client.waitForText(/lines of chatter were dropped/);
    // Output the reader cannot do without, past the cap, closes the connection. The cap counts
    // what waits in the portal; the kernel takes what fits in the socket buffers first, and on
    // loopback those grow with what the reader took before (tcp_rmem allows 32 MB here), so the
    // loop sends until the close, up to far more than any kernel buffer.
    client.socket.pause();
    for (let i = 0; i < 100_000 && ended.length === 0; i++) session.send([line]);
    expect(ended).toEqual([OUTPUT_BUFFER_FULL]);
  });

  it("reads NAWS (a 255 width doubled on the wire) and Mudlet's TTYPE cycle into client_options", async () => {
    const { client, inputs } = await pair({ naws: [255, 50], ttype: ['MUDLET', 'ANSI-TRUECOLOR', 'MTTS 2825'] });
    const options = () => inputs.filter((f) => f[0] === 'client_options').map((f) => f[2]);
    await client.waitFor(() => options().some((o) => 'mnes' in o), 'MTTS');
    expect(options()).toContainEqual({ screenwidth: 255, screenheight: 50 });
    expect(options().at(-1)).toMatchObject({ client_name: 'MUDLET', ansi: true, xterm256: true, truecolor: true });
  });

  it('asks for UTF-8 by CHARSET, takes an acceptance, and shrugs off a refusal or an odd answer', async () => {
    const p = await pair({ accept: [TelnetOpt.CHARSET] });
    const { client, inputs } = p;
    await client.waitForEvent(`SB ${TelnetOpt.CHARSET} ${Buffer.from('\x01;UTF-8', 'latin1').toString('hex')}`);
    client.sendRaw([255, 250, TelnetOpt.CHARSET, 2, ...Buffer.from('UTF-8'), 255, 240]);
    await client.waitFor(() => inputs.some((f) => f[0] === 'client_options' && f[2]['utf-8'] === true), 'utf-8');
    client.sendRaw([255, 250, TelnetOpt.CHARSET, 3, 255, 240]); // REJECTED
    client.sendRaw([255, 250, TelnetOpt.CHARSET, 2, ...Buffer.from('KOI8-R'), 255, 240]); // odd
    client.sendRaw([255, 250, TelnetOpt.CHARSET, 255, 240]); // empty
    client.line('still works');
    await client.waitFor(() => inputs.some((f) => f[1][0] === 'still works'), 'line');
    expect(inputs.filter((f) => f[0] === 'client_options')).toHaveLength(1);
  });
});
