/**
 * MULTISESSION_MODE 3 over real sockets (SPEC §3): like mode 2, but sessions may share a
 * character and then share its input and output; sessions on other characters are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '3' });
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
});
