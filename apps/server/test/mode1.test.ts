/**
 * MULTISESSION_MODE 1 over real sockets (SPEC §3): many sessions per account, all on the same
 * character; a command's result reaches all the account's sessions.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '1' });
const track = (c: TestClient) => suite.track(c);

describe('mode 1', () => {
  it('shares the character between sessions and mirrors command output to all of them', async () => {
    const watcher = track(await createAccount(suite.game, 'Watcher', 'watcher-secret-1'));
    await watcher.waitForState('session', (f) => f[2].puppet === 'Watcher');
    const w0 = watcher.frames.length;

    const one = track(await createAccount(suite.game, 'Mira', 'mira-secret-12'));
    await one.waitForState('session', (f) => f[2].puppet === 'Mira');
    await watcher.waitForText('Mira has entered the game.', w0);

    const o1 = one.frames.length;
    const two = track(await login(suite.game, 'Mira', 'mira-secret-12'));
    await two.waitForState('session', (f) => f[2].puppet === 'Mira');
    expect(two.text()).toContain('Sharing Mira with another of your sessions.');
    await one.waitForText('Mira is now shared from another of your sessions.', o1);
    // Still one character in the room: nobody saw it enter twice.
    await watcher.command('look', 'Characters here');
    expect(watcher.textSince(w0).match(/Mira has entered the game/g)).toHaveLength(1);

    // A command typed in one session answers in both.
    const o2 = one.frames.length;
    const t2 = two.frames.length;
    two.line('say mirrored words');
    expect(await two.waitForText('You say', t2)).toBe('You say, "mirrored words"');
    expect(await one.waitForText('You say', o2)).toBe('You say, "mirrored words"');
    expect(await watcher.waitForText('Mira says', w0)).toBe('Mira says, "mirrored words"');
    one.line('look');
    await one.waitForText('Characters here', o2);
    await two.waitForText('Characters here', t2);

    // The character leaves the game only when its last session lets go.
    const w1 = watcher.frames.length;
    await one.command('ooc', 'You go OOC');
    await watcher.command('who', 'logged in.');
    expect(watcher.textSince(w1)).not.toContain('Mira has left the game');
    two.close();
    await watcher.waitForText('Mira has left the game.', w1);
  });

  it('auto-puppets the last character on login', async () => {
    const first = track(await createAccount(suite.game, 'Nadia', 'nadia-secret-1'));
    await first.waitForState('session', (f) => f[2].puppet === 'Nadia');
    first.close();
    await first.closed;
    const again = track(await login(suite.game, 'Nadia', 'nadia-secret-1'));
    await again.waitForState('session', (f) => f[2].puppet === 'Nadia');
  });

  it('quit/all closes every session of the account cleanly; quit only this one', async () => {
    const a = track(await createAccount(suite.game, 'Olga', 'olga-secret-12'));
    const b = track(await login(suite.game, 'Olga', 'olga-secret-12'));
    const c = track(await login(suite.game, 'Olga', 'olga-secret-12'));
    c.line('quit');
    expect(await c.closed).toBe(CloseCode.Normal);
    const left = await a.waitForState('charmenu', (f) => f[2].sessions.length === 2);
    expect(left[2].sessions.map((x) => x.sessid)).not.toContain(c.last('session')?.[2].sessid);
    expect(b.closeCode).toBeUndefined();
    a.line('quit/all');
    expect(await a.closed).toBe(CloseCode.Normal);
    expect(await b.closed).toBe(CloseCode.Normal);
    expect(b.text()).toContain('Quitting all sessions');
  });
});
