/**
 * MULTISESSION_MODE 0 over real sockets (docs/sessions.md#multisession-modes): one session per account, a character created
 * with the account and puppeted on login, a new login kicks the old session.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '0' });
const track = (c: TestClient) => suite.track(c);

describe('mode 0', () => {
  it('creates a character with the account, puppets it, and the room sees arrivals and departures', async () => {
    const alice = track(await createAccount(suite.game, 'Alice', 'alice-secret-1'));
    const aliceState = await alice.waitForState('session', (f) => f[2].puppet === 'Alice');
    expect(aliceState[2]).toMatchObject({ loggedIn: true, account: 'Alice', mode: 0 });
    await alice.waitForText('You become Alice');
    expect(alice.text()).toContain('Limbo');

    const fromA = alice.frames.length;
    const bob = track(await createAccount(suite.game, 'Bob', 'bob-secret-12'));
    await bob.waitForState('session', (f) => f[2].puppet === 'Bob');
    await alice.waitForText('Bob has entered the game.', fromA);
    expect(await bob.command('look', 'Characters here')).toContain('Alice');

    // say: the speaker and the room get different wording.
    const a1 = alice.frames.length;
    expect(await bob.command('say Hello there', 'You say')).toBe('You say, "Hello there"');
    expect(await alice.waitForText('Bob says', a1)).toBe('Bob says, "Hello there"');
    // pose: everyone reads the same line.
    expect(await bob.command(':waves.', 'Bob waves')).toBe('Bob waves.');
    await alice.waitForText('Bob waves.', a1);
    // ooc and ic: departures and arrivals.
    const a2 = alice.frames.length;
    expect(await bob.command('ooc', 'You go OOC')).toBeTruthy();
    await bob.waitForState('session', (f) => f[2].puppet === null);
    await alice.waitForText('Bob has left the game.', a2);
    expect(await bob.command('look', 'Available character')).toContain('Bob');
    await bob.command('ic Bob', 'You become Bob');
    await alice.waitForText('Bob has entered the game.', a2);
    // who shows the puppets.
    expect(await alice.command('who', 'logged in.')).toMatch(/Bob\s+\S+\s+\S+\s+Bob/);
    // Closing the connection takes the character out of the game.
    const a3 = alice.frames.length;
    bob.close();
    await alice.waitForText('Bob has left the game.', a3);
  });

  it('a new login kicks the old session, which is told why, and puppets the character again', async () => {
    const first = track(await createAccount(suite.game, 'Carol', 'carol-secret-1'));
    await first.waitForState('session', (f) => f[2].puppet === 'Carol');
    const second = track(await login(suite.game, 'Carol', 'carol-secret-1'));
    expect(await first.closed).toBe(CloseCode.Normal);
    expect(first.text()).toContain('logged in from elsewhere');
    const state = await second.waitForState('session', (f) => f[2].puppet === 'Carol');
    expect(state[2].account).toBe('Carol');
    expect(await second.command('sessions', 'Sessid')).toMatch(
      new RegExp(`${state[2].sessid}\\*\\s+websocket\\s+\\S+\\s+Carol\\s+Limbo`),
    );
  });

  it('refuses a character held by another account, to a player and to the superuser alike', async () => {
    const gina = track(await createAccount(suite.game, 'Gina', 'gina-secret-12'));
    await gina.waitForState('session', (f) => f[2].puppet === 'Gina');
    const hugo = track(await createAccount(suite.game, 'Hugo', 'hugo-secret-12'));
    await hugo.waitForState('session', (f) => f[2].puppet === 'Hugo');
    // A player only ever finds their own characters.
    expect(await hugo.command('ic Gina', 'not a valid character')).toBe(
      'That is not a valid character choice: "Gina".',
    );
    // The superuser (Alice, the first account) finds anyone's, but may not take one being played.
    const alice = track(await login(suite.game, 'Alice', 'alice-secret-1'));
    await alice.waitForState('session', (f) => f[2].puppet === 'Alice');
    expect(await alice.command('ic Gina', 'already puppeted')).toBe('Gina is already puppeted by another account.');
    expect(gina.last('session')?.[2].puppet).toBe('Gina');
    expect(alice.last('session')?.[2].puppet).toBe('Alice');
  });

  it('enforces MAX_NR_CHARACTERS = 1 with a clear message', async () => {
    const dave = track(await createAccount(suite.game, 'Dave', 'dave-secret-12'));
    expect(await dave.command('charcreate Another', 'maximum')).toContain('maximum of 1 character');
  });

  it('sends the character menu as OOB state', async () => {
    const erin = track(await createAccount(suite.game, 'Erin', 'erin-secret-12'));
    const menu = await erin.waitForState('charmenu', (f) => f[2].characters.some((c) => c.puppetedBy.length > 0));
    expect(menu[2]).toMatchObject({ account: 'Erin', maxCharacters: 1, maxPuppets: 1 });
    expect(menu[2].characters.map((c) => c.name)).toEqual(['Erin']);
    expect(menu[2].sessions).toHaveLength(1);
  });

  it('an unlogged-in connection has no character commands', async () => {
    const c = track(await connect(suite.game));
    expect(await c.command('say hi', 'not available')).toContain('"say"');
  });
});
