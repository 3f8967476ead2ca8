/**
 * Evennia habits players bring, and small things they notice (issue 12, items 5 and 7), over
 * real sockets in mode 2: Evennia's ignored command prefixes, `ic` with no argument, one
 * `charmenu` frame per login, and a shutdown that logs no error.
 */
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_MULTISESSION_MODE: '2' });
const track = (c: TestClient) => suite.track(c);

const charmenus = (client: TestClient, from = 0) => client.frames.slice(from).filter((f) => f[0] === 'charmenu');

describe('Evennia habits', () => {
  it("runs commands typed with Evennia's ignored prefixes @ + / & as without them", async () => {
    const a = track(await createAccount(suite.game, 'Prefa', 'prefa-secret-1'));
    for (const line of ['@who', '+who', '/who', '&who', '@@who']) {
      expect(await a.command(line, /logged in\.|not available/)).toMatch(/unique accounts? logged in\./);
    }
    // Arguments still follow the name.
    await a.command('charcreate Pella', 'Created new character Pella');
    expect(await a.command('@ic Pella', /You become|not/)).toContain('You become Pella');
    expect(await a.command('+ooc', /OOC|not available/)).toBe('You go OOC.');
  });

  it('ic with no argument re-puppets the character played last; with none yet, it says how to use it', async () => {
    const a = track(await createAccount(suite.game, 'Icarus', 'icarus-secret-1'));
    expect(await a.command('ic', 'Usage')).toContain('ic <character>');
    await a.command('charcreate Ivy', 'Created new character Ivy');
    await a.command('charcreate Iona', 'Created new character Iona');
    await a.command('ic Iona', 'You become Iona');
    await a.command('ooc', 'You go OOC');
    await a.waitForState('session', (f) => f[2].puppet === null);
    expect(await a.command('ic', 'You become')).toContain('You become Iona');
    await a.waitForState('session', (f) => f[2].puppet === 'Iona');

    // Remembered across logins, like auto-puppet's last character.
    a.close();
    await a.closed;
    const again = track(await login(suite.game, 'Icarus', 'icarus-secret-1'));
    expect(await again.command('ic', 'You become')).toContain('You become Iona');
  });
});

describe('small things', () => {
  it('sends one charmenu frame per login and per change, never the same one twice in a row', async () => {
    const first = track(await createAccount(suite.game, 'Menu', 'menu-secret-12'));
    // A round trip: whatever the login sent has arrived.
    await first.command('who', 'logged in.');
    expect(charmenus(first)).toHaveLength(1);

    const f0 = first.frames.length;
    const second = track(await login(suite.game, 'Menu', 'menu-secret-12'));
    await second.command('who', 'logged in.');
    await first.command('who', 'logged in.');
    expect(charmenus(second)).toHaveLength(1);
    expect(charmenus(first, f0)).toHaveLength(1);
    expect(charmenus(first, f0)[0]?.[2].sessions).toHaveLength(2);

    // Puppeting, a take-over, a session leaving and another arriving: each change is one menu.
    await first.command('charcreate Mona', 'Created new character Mona');
    await first.command('ic Mona', 'You become Mona');
    await second.command('ic Mona', 'Taking over Mona');
    await first.waitForState('charmenu', (f) => f[2].characters[0]?.puppetedBy.length === 1);
    first.close();
    await first.closed;
    const third = track(await login(suite.game, 'Menu', 'menu-secret-12'));
    await third.command('who', 'logged in.');
    await second.command('who', 'logged in.');
    expect(charmenus(third)).toHaveLength(1);
    for (const client of [first, second]) {
      const menus = charmenus(client).map((f) => JSON.stringify(f[2]));
      expect(menus.filter((menu, i) => menus[i - 1] === menu)).toEqual([]);
    }
  });

  it('a take-over: the taker is told what it takes, not "You go OOC." first', async () => {
    const s1 = track(await createAccount(suite.game, 'Tak', 'tak-secret-123'));
    await s1.command('charcreate Tina', 'Created new character Tina');
    await s1.command('charcreate Tara', 'Created new character Tara');
    const s2 = track(await login(suite.game, 'Tak', 'tak-secret-123'));
    await s1.command('ic Tina', 'You become Tina');
    await s2.command('ic Tara', 'You become Tara');
    const from = s2.frames.length;
    await s2.command('ic Tina', 'Taking over Tina');
    await s2.waitForState('session', (f) => f[2].puppet === 'Tina');
    expect(s2.textSince(from)).toContain('You become Tina');
    expect(s2.textSince(from)).not.toContain('You go OOC');
    // Going OOC on purpose still says so.
    expect(await s2.command('ooc', 'You go OOC')).toBe('You go OOC.');
  });

  // Runs last: it stops the game.
  it('a shutdown after players come and go logs no error from the game server', async () => {
    const players = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createAccount(suite.game, `Stayer${i}`, `stayer-secret-${i}x`)),
    );
    await login(suite.game, 'Stayer0', 'stayer-secret-0x');
    players[1]?.close();
    expect(await suite.game.stop()).toBe(0);
    const problems = suite.game
      .log()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; name?: string; msg?: string })
      .filter((entry) => entry.name === 'server' && entry.level >= 40);
    expect(problems).toEqual([]);
  });
});
