/**
 * Issue 14, item 3 (SECURITY.md gap 11): look-alike names over real sockets. Names are unique by
 * their Unicode TR39 skeleton (accounts/skeleton.ts), so an impostor cannot take a name that shows
 * the same as another player's: not an account, not a character. Mode 2, so characters are made
 * with `charcreate` apart from their accounts.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { connect, createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite, refusal } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '2' });
const track = (c: TestClient) => suite.track(c);

describe('look-alike names', () => {
  it('refuses an account whose name twins an existing one, typed or framed', async () => {
    track(await createAccount(suite.game, 'alice', 'alice-secret-1'));
    track(await createAccount(suite.game, 'BOB', 'bob-secret-1'));

    // Cyrillic а; a digit 1 for l; Cyrillic capitals В О В; fullwidth Ｂ with a zero 0.
    for (const twin of ['\u0430lice', 'a1ice', '\u0412\u041e\u0412', '\uff22\u0030B']) {
      const typed = track(await connect(suite.game));
      expect((await refusal(typed, `create ${twin} impostor-pass-1`)).code).toBe(ErrorCode.NameTaken);
      expect(typed.frames.some((f) => f[0] === 'logged_in')).toBe(false);

      const framed = track(await connect(suite.game));
      await expect(framed.enter('create', twin, 'impostor-pass-1')).rejects.toMatchObject({
        code: ErrorCode.NameTaken,
      });
    }

    // The real players still log in by their own names; a name with no twin is still free.
    track(await login(suite.game, 'alice', 'alice-secret-1'));
    track(await login(suite.game, 'bob', 'bob-secret-1'));
    track(await createAccount(suite.game, 'alina', 'alina-secret-1'));
  });

  it('refuses a character whose name twins another character, on any account', async () => {
    const owner = track(await createAccount(suite.game, 'Heroine', 'heroine-secret-1'));
    await owner.command('charcreate Hero', 'Created');
    await owner.waitForState('charmenu', (f) => f[2].characters.some((c) => c.name === 'Hero'));

    const impostor = track(await createAccount(suite.game, 'Mallory', 'mallory-secret-1'));
    // Cyrillic е, Greek Ο with a zero for O, a Cyrillic Н: each shows as Hero (or HERO).
    impostor.line('charcreate H\u0435ro');
    impostor.line('charcreate HER\u039f');
    impostor.line('charcreate \u041dER0');
    // Commands of one session run in order, so the menu after this one shows all four attempts.
    impostor.line('charcreate Zed');
    const menu = await impostor.waitForState('charmenu', (f) => f[2].characters.some((c) => c.name === 'Zed'));
    expect(menu[2].characters.map((c) => c.name)).toEqual(['Zed']);
  });
});
