/**
 * Issue 14, item 11: output floods as a weapon. Five accounts saying 4,000-character lines for
 * 8 s used to push a slow reader past MUD_MAX_OUTPUT_BUFFER, and the portal ended its session.
 * Now room chatter is dropped for a reader that lags, and it is told how much; its session lives.
 *
 * The victim is a real websocket client whose TCP socket is paused for the flood (it reads
 * nothing, as a phone on a bad network), then resumed. MUD_MAX_OUTPUT_BUFFER is 1 MiB here so the
 * flood needs less volume (and less of a shared two-core CI machine) to pass the cap; loopback's
 * kernel buffers still take several MiB before the portal's own buffer grows at all.
 */
import type { Socket } from 'node:net';
import { ErrorCode } from '@mud/protocol';
import { expect, it } from 'vitest';
import { createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const MAX_OUTPUT_BUFFER = 1024 * 1024;
const SPEAKERS = 5;
const FLOOD_MS = 8000;
/** Lines per speaker every `TICK_MS`: 30 a second, well under MUD_MAX_COMMAND_RATE (80/s). */
const LINES_PER_TICK = 3;
const TICK_MS = 100;
/** 4,000 three-byte characters: about 12 kB a line on the wire. */
const SPEECH = '€'.repeat(4000);

const suite = gameSuite({ MUD_MAX_OUTPUT_BUFFER: String(MAX_OUTPUT_BUFFER) });

/** The TCP socket under a ws client. */
function tcp(client: TestClient): Socket {
  return (client.socket as unknown as { _socket: Socket })._socket;
}

const says = (client: TestClient, from = 0) =>
  client.frames.slice(from).filter((f) => f[0] === 'text' && String(f[1][0]).includes(' says, "€')).length;
const echoes = (client: TestClient) =>
  client.frames.filter((f) => f[0] === 'text' && String(f[1][0]).includes('You say, "€')).length;

it('five speakers flooding a room cannot disconnect a reader that lags; it is told how much chatter it lost', async () => {
  const game = suite.game;
  const victim = suite.track(await createAccount(game, 'Victim', 'victim-secret-1'));
  victim.socket.on('error', () => {});
  const speakers: TestClient[] = [];
  for (let i = 0; i < SPEAKERS; i++) {
    speakers.push(suite.track(await createAccount(game, `Flooder${i}`, `flooder-secret-${i}`)));
  }
  // Everyone is in the same room: the victim hears the last arrival.
  await victim.waitForText(`Flooder${SPEAKERS - 1} has entered the game`);
  const sessions = (await game.health()).sessions;
  const from = victim.frames.length;

  tcp(victim).pause();
  let sent = 0;
  const started = Date.now();
  while (Date.now() - started < FLOOD_MS) {
    for (const speaker of speakers) for (let i = 0; i < LINES_PER_TICK; i++) speaker.line(`say ${SPEECH}`);
    sent += LINES_PER_TICK;
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  // Every line was said (none refused by the rate) and has gone through the portal: each speaker
  // has its own echo of every line, which left the game server with the victim's copy.
  for (const speaker of speakers) {
    await speaker.waitFor(() => echoes(speaker) === sent, `${sent} echoes`, 60_000);
    expect(speaker.frames.some((f) => f[0] === 'error' && f[2].code === ErrorCode.RateLimited)).toBe(false);
  }
  // The victim, reading nothing all this time, still has its session.
  expect((await game.health()).sessions).toBe(sessions);
  expect(victim.closeCode).toBeUndefined();

  tcp(victim).resume();
  const notice = (f: (typeof victim.frames)[number]) => f[0] === 'error' && f[2].code === ErrorCode.OutputDropped;
  await victim.waitFor(() => victim.frames.slice(from).some(notice), 'the dropped-chatter notice', 60_000);
  expect(await victim.command('look', 'Limbo')).toBeTruthy();
  expect(victim.closeCode).toBeUndefined();

  // Nothing vanished silently: every line of the flood either reached the victim or was counted
  // in its notice (one, unless its backlog drained and filled again).
  const notices = victim.frames.slice(from).filter(notice);
  const dropped = notices.reduce((sum, f) => sum + Number(/\d+/.exec(String(f[1][0]))?.[0]), 0);
  const heard = says(victim, from);
  expect(dropped).toBeGreaterThan(0);
  expect(heard + dropped).toBe(sent * SPEAKERS);
  expect(game.log()).not.toContain('output buffer full');
  expect((await game.health()).sessions).toBe(sessions);
}, 180_000);
