/**
 * MULTISESSION_MODE 3 over real sockets (docs/sessions.md#multisession-modes): like mode 2, but sessions may share a
 * character and then share its input and output; sessions on other characters are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

let admin: TestClient;
// Two puppets at most: the smallest limit that still lets a shared character sit beside another
// one (the case above), and shows that sharing never counts against it.
const suite = gameSuite(
  { MUD_MULTISESSION_MODE: '3', MUD_MAX_NR_SIMULTANEOUS_PUPPETS: '2' },
  async ({ game, track }) => {
    // The first account is the superuser, who may try to play other accounts' characters.
    admin = track(await createAccount(game, 'Admin', 'admin-secret-1'));
  },
);
const track = (c: TestClient) => suite.track(c);

describe('mode 3', () => {
  it('two sessions share one character while a third plays another', async () => {
    const s1 = track(await createAccount(suite.game, 'Sigrid', 'sigrid-secret-1'));
    expect(s1.last('session')?.[2].puppet).toBeNull();
    await s1.command('charcreate Dora', 'Created new character Dora');
    await s1.command('charcreate Erin', 'Created new character Erin');
    const s2 = track(await login(suite.game, 'Sigrid', 'sigrid-secret-1'));
    const s3 = track(await login(suite.game, 'Sigrid', 'sigrid-secret-1'));

    await s1.command('ic Dora', 'You become Dora');
    const a = s1.frames.length;
    expect(await s2.command('ic Dora', 'Sharing Dora')).toBe('Sharing Dora with another of your sessions.');
    await s1.waitForText('Dora is now shared from another of your sessions.', a);
    // The arrival look comes in its own frame after "You become": wait for it too.
    await s3.command('ic Erin', 'Characters here');
    await s1.waitForState('charmenu', (f) =>
      f[2].characters.some((c) => c.name === 'Dora' && c.puppetedBy.length === 2),
    );

    // Input and output of the shared character are shared; the third session is unaffected.
    const [f1, f2, f3] = [s1.frames.length, s2.frames.length, s3.frames.length];
    s1.line('look');
    await s1.waitForText('Characters here', f1);
    await s2.waitForText('Characters here', f2);
    s2.line('say shared voice');
    expect(await s1.waitForText('You say', f1)).toBe('You say, "shared voice"');
    expect(await s2.waitForText('You say', f2)).toBe('You say, "shared voice"');
    expect(await s3.waitForText('Dora says', f3)).toBe('Dora says, "shared voice"');
    s3.line('say my own voice');
    await s3.waitForText('You say, "my own voice"', f3);
    await s1.waitForText('Erin says', f1);
    expect(s3.textSince(f3)).not.toContain('Characters here');
    expect(s1.textSince(f1)).not.toContain('You say, "my own voice"');

    // One of the sharers goes OOC: Dora stays in the game.
    const f4 = s3.frames.length;
    await s1.command('ooc', 'You go OOC');
    await s3.command('look', 'Characters here');
    expect(s3.textSince(f4)).not.toContain('Dora has left');
  });

  it('a witness sees arrivals and the last sharer leaving; limits; aliases; another account refused', async () => {
    const witness = track(await createAccount(suite.game, 'Moe', 'moe-secret-123'));
    await witness.command('charcreate Mona', 'Created');
    await witness.command('ic Mona', 'You become Mona');
    const s1 = track(await createAccount(suite.game, 'Nell', 'nell-secret-12'));
    for (const name of ['Nora', 'Nina', 'Nyla'])
      await s1.command(`charcreate ${name}`, `Created new character ${name}`);
    const [s2, s3, s4] = [
      track(await login(suite.game, 'Nell', 'nell-secret-12')),
      track(await login(suite.game, 'Nell', 'nell-secret-12')),
      track(await login(suite.game, 'Nell', 'nell-secret-12')),
    ];

    const w0 = witness.frames.length;
    await s1.command('ic Nora', 'You become Nora');
    expect(await witness.waitForText('Nora', w0)).toBe('Nora has entered the game.');
    await s2.command('ic Nora', 'Sharing Nora');
    await s3.command('ic Nina', 'You become Nina');
    await witness.waitForText('Nina has entered the game.', w0);

    // Two puppets at most: a third character is refused, sharing one already played is not.
    expect(await s4.command('ic Nyla', 'cannot control')).toBe('You cannot control any more puppets (max 2).');
    expect(await s4.command('ic Nora', 'Sharing')).toBe('Sharing Nora with another of your sessions.');
    // A character another account plays is refused, even to the superuser.
    expect(await admin.command('ic Mona', 'already puppeted')).toBe('Mona is already puppeted by another account.');

    // look at someone, and the say / pose aliases.
    expect(await s3.command('look Nora', 'unremarkable')).toBe('Nora\nAn unremarkable person.');
    const w1 = witness.frames.length;
    expect(await s3.command('"quoted words', 'You say')).toBe('You say, "quoted words"');
    expect(await witness.waitForText('Nina says', w1)).toBe('Nina says, "quoted words"');
    expect(await s3.command('emote bows.', 'Nina bows')).toBe('Nina bows.');
    await witness.waitForText('Nina bows.', w1);

    // Sharers disconnect one by one: Nora stays in the game until the last one is gone.
    const w2 = witness.frames.length;
    s1.close();
    s2.close();
    await s4.waitForState('charmenu', (f) => f[2].sessions.length === 2);
    expect(await witness.command('look', 'Characters here')).toContain('Nora');
    expect(witness.textSince(w2)).not.toContain('Nora has left');
    s4.close();
    await witness.waitForText('Nora has left the game.', w2);
  });
});
