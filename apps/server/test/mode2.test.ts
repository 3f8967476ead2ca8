/**
 * MULTISESSION_MODE 2 over real sockets (docs/sessions.md#multisession-modes): many sessions per account, one character per
 * session, login lands OOC at the character menu; taking a character from another session of the
 * account moves it; output goes to the typing session only.
 */
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

let admin: TestClient;
const suite = gameSuite(
  { MUD_MULTISESSION_MODE: '2', MUD_MAX_NR_CHARACTERS: '3', MUD_MAX_NR_SIMULTANEOUS_PUPPETS: '2' },
  async ({ track }) => {
    // The first account is the superuser; it is used to try to take another account's character.
    admin = track(await createAccount(suite.game, 'Admin', 'admin-secret-1'));
  },
);
const track = (c: TestClient) => suite.track(c);

describe('mode 2', () => {
  it('lands OOC at the character menu, then two sessions play two characters', async () => {
    const s1 = track(await createAccount(suite.game, 'Petra', 'petra-secret-1'));
    expect(s1.last('session')?.[2]).toMatchObject({ account: 'Petra', puppet: null, mode: 2 });
    expect(s1.text()).toContain('You have no characters yet.');
    const empty = await s1.waitForFrame('charmenu');
    expect(empty[2].characters).toEqual([]);

    expect(await s1.command('charcreate Anna = A tall woman.', 'Created')).toContain('ic Anna');
    await s1.command('charcreate Bella', 'Created new character Bella');
    const menu = await s1.waitForState('charmenu', (f) => f[2].characters.length === 2);
    expect(menu[2].characters.map((c) => [c.name, c.description])).toEqual([
      ['Anna', 'A tall woman.'],
      ['Bella', 'An unremarkable person.'],
    ]);

    const s2 = track(await login(suite.game, 'Petra', 'petra-secret-1'));
    expect(s2.last('session')?.[2].puppet).toBeNull();
    await s1.command('ic Anna', 'You become Anna');
    await s2.command('ic Bella', 'You become Bella');
    const sid1 = s1.last('session')?.[2].sessid;
    const sid2 = s2.last('session')?.[2].sessid;
    await s1.waitForState(
      'charmenu',
      (f) => f[2].characters.every((c) => c.puppetedBy.length === 1) && f[2].sessions.length === 2,
    );

    // Output goes to the typing session only; the other hears it in the room like anyone else.
    const [a, b] = [s1.frames.length, s2.frames.length];
    s1.line('say one voice');
    await s1.waitForText('You say, "one voice"', a);
    expect(await s2.waitForText('Anna says', b)).toBe('Anna says, "one voice"');
    s1.line('look me');
    await s1.waitForText('A tall woman.', a);
    await s2.command('who', 'logged in.');
    expect(s2.textSince(b)).not.toContain('A tall woman.');
    expect(s2.textSince(b)).not.toContain('You say');

    // Take-over: session 2 takes Anna; session 1 is told and goes OOC; Bella leaves the game.
    const watcherFrom = admin.frames.length;
    await admin.command('ooc', /OOC|already OOC/);
    const c = s1.frames.length;
    expect(await s2.command('ic Anna', 'Taking over')).toBe('Taking over Anna from another of your sessions.');
    await s1.waitForText('Anna is now acted from another of your sessions.', c);
    await s1.waitForState('session', (f) => f[2].puppet === null);
    await s2.waitForState('session', (f) => f[2].puppet === 'Anna');
    const updated = await s1.waitForState('charmenu', (f) =>
      f[2].characters.some((ch) => ch.name === 'Anna' && ch.puppetedBy[0] === sid2),
    );
    expect(updated[2].characters.find((ch) => ch.name === 'Bella')?.puppetedBy).toEqual([]);
    expect(sid1).not.toBe(sid2);
    expect(admin.textSince(watcherFrom)).not.toContain('Anna has left');

    // A character held by another account cannot be taken, not even by the superuser.
    expect(await admin.command('ic Anna', 'already puppeted')).toContain('by another account');

    // Puppet limit: two characters at once at most.
    await s1.command('ic Bella', 'You become Bella');
    await s1.command('charcreate Cora', 'Created new character Cora');
    const s3 = track(await login(suite.game, 'Petra', 'petra-secret-1'));
    expect(await s3.command('ic Cora', 'cannot control')).toContain('max 2');
    // Character limit: three characters at most.
    expect(await s3.command('charcreate Dina', 'maximum')).toContain('maximum of 3 characters');
  });

  it('chardelete asks to confirm, and only deletes on yes', async () => {
    const s = track(await createAccount(suite.game, 'Quinn', 'quinn-secret-1'));
    await s.command('charcreate Gone', 'Created new character Gone');
    expect(await s.command('chardelete Gone', 'Continue yes/[no]?')).toContain('permanently destroy Gone');
    expect(await s.command('no', 'was not deleted')).toBeTruthy();
    await s.command('chardelete Gone', 'Continue');
    expect(await s.command('yes', 'destroyed')).toBe('Gone was destroyed.');
    await s.waitForState('charmenu', (f) => f[2].characters.length === 0);
    expect(await s.command('ic Gone', 'not a valid character')).toBeTruthy();
  });

  it('step-by-step character creation lives on one session; the others keep their commands', async () => {
    const s1 = track(await createAccount(suite.game, 'Rosa', 'rosa-secret-12'));
    const s2 = track(await login(suite.game, 'Rosa', 'rosa-secret-12'));
    expect(await s1.command('charcreate', 'Character creation')).toContain('this session only');
    expect(await s1.command('who', 'not available')).toContain('"who"');
    expect(await s2.command('who', 'logged in.')).toContain('Rosa');
    await s1.command('name Rowan', 'name: Rowan');
    await s1.command('desc A quiet archer.', 'description: A quiet archer.');
    expect(await s1.command('done', 'Created new character Rowan')).toBeTruthy();
    expect(await s1.command('who', 'logged in.')).toContain('Rosa');
    await s2.waitForState('charmenu', (f) => f[2].characters.some((c) => c.name === 'Rowan'));
    // Inside the creation menu a player can still leave.
    await s2.command('charcreate', 'Character creation');
    s2.line('quit');
    expect(await s2.closed).toBe(CloseCode.Normal);
    expect(s2.text()).toContain('Quitting. 1 other session is still connected.');
  });

  it('who shows everyone their puppets; admins also see rooms, command counts and addresses', async () => {
    const s = track(await createAccount(suite.game, 'Tess', 'tess-secret-12'));
    await s.command('charcreate Tilda', 'Created');
    await s.command('ic Tilda', 'Characters here');
    const plain = await s.command('who', 'logged in.');
    expect(plain).toMatch(/Tess\s+\S+\s+\S+\s+Tilda/);
    expect(plain).not.toContain('127.0.0.1');
    const full = await admin.command('who', 'logged in.');
    expect(full).toMatch(/Address/);
    expect(full).toMatch(/Tess\s+\S+\s+\S+\s+Tilda\s+Limbo\s+\d+\s+websocket\s+127\.0\.0\.1/);
  });

  it('take-over, ooc and disconnect: who hears what; the OOC look; a superuser on your character', async () => {
    const witness = track(await createAccount(suite.game, 'Wit', 'wit-secret-123'));
    await witness.command('charcreate Wanda', 'Created');
    await witness.command('ic Wanda', 'You become Wanda');
    const s1 = track(await createAccount(suite.game, 'Uma', 'uma-secret-123'));
    await s1.command('charcreate Ulla', 'Created new character Ulla');
    await s1.command('charcreate Vera', 'Created new character Vera');
    const s2 = track(await login(suite.game, 'Uma', 'uma-secret-123'));
    const [sid1, sid2] = [s1.last('session')?.[2].sessid, s2.last('session')?.[2].sessid];

    const w0 = witness.frames.length;
    await s1.command('ic Ulla', 'Characters here');
    expect(await witness.waitForText('Ulla', w0)).toBe('Ulla has entered the game.');

    // The take-over moves Ulla between sessions: she neither leaves nor enters the game.
    const [w1, a1] = [witness.frames.length, s1.frames.length];
    await s2.command('ic Ulla', 'Taking over Ulla');
    await s1.waitForText('Ulla is now acted from another of your sessions.', a1);
    await s1.waitForState('session', (f) => f[2].puppet === null);
    expect(await witness.command('look', 'Characters here')).toContain('Ulla');
    expect(witness.textSince(w1)).not.toMatch(/Ulla has (left|entered)/);

    // The OOC look: this session starred, who plays what, the character count.
    const look = await s1.command('look', 'Available character');
    expect(look).toMatch(new RegExp(`^ \\* ${sid1} websocket \\(127\\.0\\.0\\.1\\)$`, 'm'));
    expect(look).toMatch(new RegExp(`^   ${sid2} websocket \\(127\\.0\\.0\\.1\\) playing Ulla$`, 'm'));
    expect(look).toContain('Available character(s) (2/3, ic <name> to play):');
    expect(look).toMatch(new RegExp(`^ - Ulla \\(played by you in session ${sid2}\\)$`, 'm'));
    expect(look).toMatch(/^ - Vera$/m);

    // A superuser playing Vera: Uma's menu and look say so, without naming the other session.
    const adminSid = admin.last('session')?.[2].sessid;
    await admin.command('ic Vera', 'You become Vera');
    const played = await s1.waitForState('charmenu', (f) =>
      f[2].characters.some((c) => c.name === 'Vera' && c.puppetedBy[0] === adminSid),
    );
    expect(played[2].characters.find((c) => c.name === 'Ulla')?.puppetedBy).toEqual([sid2]);
    expect(await s1.command('look', 'Available character')).toMatch(/^ - Vera \(played by someone else\)$/m);
    await admin.command('ooc', 'You go OOC');
    await s1.waitForState('charmenu', (f) => f[2].characters.some((c) => c.name === 'Vera' && !c.puppetedBy.length));

    // ooc: only the typing session hears it; the room sees Ulla leave.
    const [w2, a2] = [witness.frames.length, s1.frames.length];
    await s2.command('ooc', 'You go OOC');
    await witness.waitForText('Ulla has left the game.', w2);
    await s1.waitForState('charmenu', (f) => f[2].characters.every((c) => !c.puppetedBy.length));
    expect(s1.textSince(a2)).not.toContain('You go OOC');

    // Disconnect: the room sees Ulla leave; the account's other session gets the new state.
    await s2.command('ic Ulla', 'Characters here');
    const w3 = witness.frames.length;
    s2.close();
    await witness.waitForText('Ulla has left the game.', w3);
    const after = await s1.waitForState('charmenu', (f) => f[2].sessions.length === 1);
    expect(after[2].sessions[0]?.sessid).toBe(sid1);
    expect(after[2].characters.find((c) => c.name === 'Ulla')?.puppetedBy).toEqual([]);
  });
});
