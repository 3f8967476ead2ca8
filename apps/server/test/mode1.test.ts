/**
 * MULTISESSION_MODE 1 over real sockets (docs/sessions.md#multisession-modes): many sessions per account, all on the same
 * character; a command's result reaches all the account's sessions.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite, RELAXED_LIMITS } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '1' }, async ({ game, track }) => {
  // The first account is the superuser, who may try to play other accounts' characters.
  track(await createAccount(game, 'Admin', 'admin-secret-1'));
});
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

  it("ooc and ic typed: the account view is the typing session's alone; the other keeps playing; ic shares again", async () => {
    const a = track(await createAccount(suite.game, 'Xena', 'xena-secret-12'));
    await a.waitForState('session', (f) => f[2].puppet === 'Xena');
    const b = track(await login(suite.game, 'Xena', 'xena-secret-12'));
    await b.waitForState('session', (f) => f[2].puppet === 'Xena');

    // ooc: the typing session goes OOC and reads its account view, "(out of character)" with its
    // own `*`: output about the typing session itself is not mirrored (docs/sessions.md#multisession-modes).
    const [a0, b0] = [a.frames.length, b.frames.length];
    a.line('ooc');
    await a.waitForText('You go OOC.', a0);
    expect(await a.waitForText('Account Xena', a0)).toContain('(out of character)');
    await a.waitForState('session', (f) => f[2].puppet === null);
    // A round trip on b: anything mirrored to it has arrived.
    await b.command('who', 'logged in.');
    expect(b.textSince(b0)).not.toContain('Account Xena');
    expect(b.textSince(b0)).not.toContain('out of character');
    expect(b.textSince(b0)).not.toContain('You go OOC.');
    expect(b.last('session')?.[2].puppet).toBe('Xena');

    // ic: back to sharing, and both are told.
    const b1 = b.frames.length;
    expect(await a.command('ic Xena', 'Sharing')).toBe('Sharing Xena with another of your sessions.');
    await b.waitForText('Xena is now shared from another of your sessions.', b1);
    await a.waitForState('session', (f) => f[2].puppet === 'Xena');
  });

  it('sessions: the listing, with its * on the typing session, reaches that session only', async () => {
    const a = track(await createAccount(suite.game, 'Sela', 'sela-secret-12'));
    const b = track(await login(suite.game, 'Sela', 'sela-secret-12'));
    await b.waitForState('session', (f) => f[2].puppet === 'Sela');
    const [sidA, sidB] = [a.last('session')?.[2].sessid, b.last('session')?.[2].sessid];
    const b0 = b.frames.length;
    const listing = await a.command('sessions', 'is this session');
    expect(listing).toMatch(new RegExp(`^\\s*${sidA}\\*`, 'm'));
    expect(listing).toMatch(new RegExp(`^\\s*${sidB}\\s`, 'm'));
    await b.command('who', 'logged in.');
    expect(b.textSince(b0)).not.toContain('is this session');
    // Typed in b, the star is on b, and a does not read it.
    const a0 = a.frames.length;
    expect(await b.command('sessions', 'is this session')).toMatch(new RegExp(`^\\s*${sidB}\\*`, 'm'));
    await a.command('who', 'logged in.');
    expect(a.textSince(a0)).not.toContain('is this session');
    // A command's result is still mirrored: the rule is only for output about the typing session.
    const a1 = a.frames.length;
    b.line('say both hear this');
    expect(await a.waitForText('You say', a1)).toBe('You say, "both hear this"');
  });

  it("limits: one character, one puppet; another account's character is refused; answers reach every session", async () => {
    const a = track(await createAccount(suite.game, 'Yuri', 'yuri-secret-12'));
    const b = track(await login(suite.game, 'Yuri', 'yuri-secret-12'));
    await b.waitForState('session', (f) => f[2].puppet === 'Yuri');
    const b0 = b.frames.length;
    expect(await a.command('charcreate Another', 'maximum')).toBe('You may only have a maximum of 1 character.');
    await b.waitForText('You may only have a maximum of 1 character.', b0);

    // The superuser may play anyone's free character, within the puppet limit, and never one
    // another account is playing.
    const free = track(await createAccount(suite.game, 'Zoe', 'zoe-secret-123'));
    await free.waitForState('session', (f) => f[2].puppet === 'Zoe');
    const su1 = track(await login(suite.game, 'Admin', 'admin-secret-1'));
    const su2 = track(await login(suite.game, 'Admin', 'admin-secret-1'));
    await su2.waitForState('session', (f) => f[2].puppet === 'Admin');
    expect(await su1.command('ic Yuri', 'already puppeted')).toBe('Yuri is already puppeted by another account.');
    free.close();
    await free.closed;
    // The game server hears of the close a moment after the client does.
    while ((await su1.command('who', 'logged in.')).includes('Zoe')) await new Promise((r) => setTimeout(r, 50));
    expect(await su2.command('ic Zoe', 'cannot control')).toBe('You cannot control any more puppets (max 1).');
    expect(su2.last('session')?.[2].puppet).toBe('Admin');
  });

  it("chardelete's answers reach every session of the account; only the asked session is asked", async () => {
    const a = track(await createAccount(suite.game, 'Vida', 'vida-secret-12'));
    const b = track(await login(suite.game, 'Vida', 'vida-secret-12'));
    await b.waitForState('session', (f) => f[2].puppet === 'Vida');
    let b0 = b.frames.length;
    await a.command('chardelete Vida', 'Continue yes/[no]?');
    expect(await a.command('yes', 'being played')).toBe('Vida is being played; go OOC with it first.');
    await b.waitForText('Vida is being played; go OOC with it first.', b0);
    expect(b.textSince(b0)).not.toContain('Continue yes/[no]?');

    await a.command('ooc', 'You go OOC');
    await b.command('ooc', 'You go OOC');
    b0 = b.frames.length;
    await a.command('chardelete Vida', 'Continue yes/[no]?');
    expect(await a.command('yes', 'destroyed')).toBe('Vida was destroyed.');
    await b.waitForText('Vida was destroyed.', b0);
    await b.waitForState('charmenu', (f) => f[2].characters.length === 0);
  });

  it('quit closes this session and tells how many others stay; quit/all closes them all', async () => {
    const a = track(await createAccount(suite.game, 'Olga', 'olga-secret-12'));
    const b = track(await login(suite.game, 'Olga', 'olga-secret-12'));
    const c = track(await login(suite.game, 'Olga', 'olga-secret-12'));
    const d = track(await login(suite.game, 'Olga', 'olga-secret-12'));
    d.line('quit');
    expect(await d.closed).toBe(CloseCode.Normal);
    expect(d.text()).toContain('Quitting. 3 other sessions are still connected.');
    c.line('quit');
    expect(await c.closed).toBe(CloseCode.Normal);
    expect(c.text()).toContain('Quitting. 2 other sessions are still connected.');
    const left = await a.waitForState('charmenu', (f) => f[2].sessions.length === 2);
    expect(left[2].sessions.map((x) => x.sessid)).not.toContain(c.last('session')?.[2].sessid);
    expect(b.closeCode).toBeUndefined();
    a.line('quit/all');
    expect(await a.closed).toBe(CloseCode.Normal);
    expect(await b.closed).toBe(CloseCode.Normal);
    expect(b.text()).toContain('Quitting all sessions');
  });

  it('quit as the last session says goodbye', async () => {
    const a = track(await createAccount(suite.game, 'Pia', 'pia-secret-123'));
    const b = track(await login(suite.game, 'Pia', 'pia-secret-123'));
    b.line('quit');
    expect(await b.closed).toBe(CloseCode.Normal);
    expect(b.text()).toContain('Quitting. 1 other session is still connected.');
    a.line('quit');
    expect(await a.closed).toBe(CloseCode.Normal);
    expect(a.text()).toContain('Quitting. Hope to see you again, soon.');
  });
});

describe('mode 1 with room for two characters', () => {
  it('the step-by-step creation menu and its progress stay with the session that opened it', async () => {
    const game = await GameProcess.start({
      env: { ...RELAXED_LIMITS, MUD_MULTISESSION_MODE: '1', MUD_MAX_NR_CHARACTERS: '2' },
    });
    try {
      const maker = await createAccount(game, 'Maker', 'maker-secret-1');
      const other = await login(game, 'Maker', 'maker-secret-1');
      const from = other.frames.length;
      await maker.command('charcreate', 'Character creation');
      await maker.command('name Second', 'name: Second');
      // The result — a new character on the account — is every session's news.
      await maker.command('done', 'Created new character');
      await other.waitForText('Created new character', from);
      expect(other.textSince(from)).not.toContain('Character creation');
    } finally {
      await game.stop();
    }
  });
});
