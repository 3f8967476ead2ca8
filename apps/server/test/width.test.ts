/**
 * Each session's text fits its screen (docs/sessions.md#screen-width), over real sockets: a client
 * that says `screenwidth: 40` reads no line wider than 40 columns in the connection screen,
 * `look`, `who` and a long `say` it hears, while a client that said nothing gets 80; a client
 * that says `ansi: false` gets no escape byte at all.
 */
import type { OutboundFrame } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { connect, createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { plain } from '../src/testing/text.js';
import { textWidth } from '../src/text/wrap.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '0' });
const track = (c: TestClient) => suite.track(c);

/** The text frames' strings that arrived after `from`, as sent (colour codes and all). */
const textsSince = (client: TestClient, from: number) =>
  client.frames
    .slice(from)
    .filter((f): f is Extract<OutboundFrame, ['text', ...unknown[]]> => f[0] === 'text')
    .map((f) => f[1][0]);

/** Every line the player reads after `from`, colour codes removed. */
const linesSince = (client: TestClient, from: number) =>
  textsSince(client, from).flatMap((t) => plain(t).split(/\r?\n/));

/** The widest line of what arrived after `from`, in columns. */
const widest = (client: TestClient, from: number) => Math.max(...linesSince(client, from).map(textWidth));

/** Sends `line` and returns every line read until `needle` arrived. */
async function read(client: TestClient, line: string, needle: string | RegExp): Promise<string[]> {
  const from = client.frames.length;
  await client.command(line, needle);
  return linesSince(client, from);
}

const SPEECH =
  'I have walked the long road from the harbour to the hills, past the mill and the old stone bridge, and I am tired';

describe('screen width', () => {
  it('fits the connection screen, who, look and what a 40-column reader hears within 40 columns', async () => {
    // The first account is the superuser's, whose `who` has more columns: not the reader's.
    track(await createAccount(suite.game, 'Rootadmin', 'root-secret-12'));
    // Long names, so the room's character list and `who` are wider than 40 unwrapped.
    const narrow = track(await connect(suite.game));
    // The screen sent on connect came before the client said its width: 80 columns.
    await narrow.waitForText('connect');
    narrow.send(['client_options', [], { screenwidth: 40 }]);
    const screen = await read(narrow, 'look', 'connect');
    expect(Math.max(...screen.map(textWidth))).toBeLessThanOrEqual(40);
    // The rules are cut to the width, not broken onto a second line.
    expect(screen).toContain('='.repeat(40));

    await narrow.enter('create', 'Narrowreader', 'narrow-secret-1');
    const wide = track(await createAccount(suite.game, 'Widelongnamedspeaker', 'wide-secret-12'));
    track(await createAccount(suite.game, 'Thirdlongnamedlistener', 'third-secret-1'));
    await narrow.command('look', 'Widelongnamedspeaker');

    const from = narrow.frames.length;
    // A column too wide is narrowed and its cells cut, the rest stays readable.
    const who = (await narrow.command('who', 'logged in.')).split('\n');
    expect(who[0]).toMatch(/^Account +On for +Idle +Puppet\S* +Protocol$/);
    expect(who.find((row) => row.startsWith('Thirdl'))).toMatch(/^Thirdl\S*~ .* Thirdl\S*~ +webso\S*$/);
    expect(await narrow.command('look', 'Characters here')).toBeTruthy();
    const w0 = wide.frames.length;
    wide.line(`say ${SPEECH}`);
    const heard = await narrow.waitForText('Widelongnamedspeaker says', from);
    expect(widest(narrow, from)).toBeLessThanOrEqual(40);
    // Wrapped, not cut: every word arrived, across lines.
    expect(heard.replace(/\s+/g, ' ')).toContain(SPEECH);
    expect(heard.split('\n').length).toBeGreaterThan(2);

    // The speaker said nothing of its screen: 80 columns, so its echo is on fewer, longer lines.
    const said = await wide.waitForText('You say', w0);
    expect(Math.max(...said.split('\n').map(textWidth))).toBeGreaterThan(40);
    expect(Math.max(...said.split('\n').map(textWidth))).toBeLessThanOrEqual(80);
  });

  it('follows a change of width, and shows each session’s protocol in who and sessions', async () => {
    const client = track(await createAccount(suite.game, 'Resizer', 'resizer-secret-1'));
    const sessions = await read(client, 'sessions', 'is this session');
    expect(sessions[0]).toMatch(/^Sessid +Protocol +Address +Puppet +Location$/);
    expect(sessions[1]).toMatch(/^\d+\* +websocket +127\.0\.0\.1 +Resizer +Limbo$/);
    expect((await read(client, 'who', 'logged in.')).join('\n')).toMatch(
      /Resizer +\S+ +\S+ +Resizer +(\S+ +\S+ +)?websocket/,
    );

    client.send(['client_options', [], { screenwidth: 30 }]);
    const from = client.frames.length;
    await client.command('sessions', 'is this session');
    await client.command('who', 'logged in.');
    await client.command('look', 'Limbo');
    expect(widest(client, from)).toBeLessThanOrEqual(30);

    client.send(['client_options', [], { screenwidth: 200 }]);
    const f200 = client.frames.length;
    await client.command(`say ${SPEECH}`, 'You say');
    expect(linesSince(client, f200).filter((l) => l.startsWith('You say'))).toHaveLength(1);
  });

  it('sends no escape byte to a client that said ansi: false', async () => {
    const client = track(await createAccount(suite.game, 'Plainreader', 'plain-secret-12'));
    const coloured = client.frames.length;
    await client.command('look', 'Limbo');
    expect(textsSince(client, coloured).join('')).toContain('\x1b[');

    client.send(['client_options', [], { ansi: false }]);
    const from = client.frames.length;
    await client.command('look', 'Limbo');
    await client.command('who', 'logged in.');
    await client.command('say |rred words|n', 'You say');
    const texts = textsSince(client, from);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const text of texts) expect(text).not.toContain('\x1b');
  });
});
