/**
 * Issue 12: a session's own cmdsets and its pending question survive a `reload` over the real two
 * processes (kept by key in the session's sync data): a player half-way through step-by-step
 * `charcreate`, or asked to confirm `chardelete`, carries on after the restart.
 */
import { expect, it } from 'vitest';
import { connect, createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite, RELAXED_LIMITS } from './support.js';

// Mode 2: no character is made with the account, so `charcreate` is the player's to run.
const suite = gameSuite({ ...RELAXED_LIMITS, MUD_MULTISESSION_MODE: '2' });

/** Reloads (as `admin`) and waits until every client has been told the restart is over. */
async function reload(admin: TestClient, everyone: TestClient[]): Promise<void> {
  const marks = everyone.map((c) => c.frames.length);
  admin.line('reload');
  await Promise.all(everyone.map((c, i) => c.waitForText('Server restarted', marks[i], 30_000)));
}

it('a step-by-step charcreate and a chardelete confirmation continue after reload', async () => {
  const admin = suite.track(await createAccount(suite.game, 'Root', 'root-secret-1'));
  const maker = suite.track(await createAccount(suite.game, 'Maker', 'maker-secret-1'));
  const doubter = suite.track(await createAccount(suite.game, 'Doubter', 'doubter-secret-1'));
  const guest = suite.track(await connect(suite.game));

  await maker.command('charcreate', 'Character creation');
  expect(await maker.command('name Tess', 'name:')).toContain('Tess');
  await doubter.command('charcreate Doomed', 'Created new character');
  await doubter.command('charcreate Keeper', 'Created new character');
  await doubter.command('chardelete Doomed', 'Continue yes/[no]?');

  await reload(admin, [admin, maker, doubter, guest]);

  // Still in the creation menu: its Replace set hides the account's commands, `done` works.
  expect(await maker.command('who', 'not available')).toContain('"who"');
  // The draft came through with the menu (the set's state, in the sync data).
  expect(await maker.command('look', 'name:')).toContain('name: Tess');
  expect(await maker.command('desc A patient soul.', 'description:')).toContain('A patient soul.');
  expect(await maker.command('done', 'Created new character')).toContain('Tess');
  expect(await maker.command('who', 'logged in.')).toContain('Maker');

  // The next line still answers the question asked before the reload.
  expect(await doubter.command('yes', 'destroyed')).toContain('Doomed');
  const look = await doubter.command('look', 'Keeper');
  expect(look).not.toContain('Doomed');
  // A "no" to a question asked before a reload keeps the character.
  await doubter.command('chardelete Keeper', 'Continue yes/[no]?');
  await reload(admin, [admin, maker, doubter, guest]);
  expect(await doubter.command('no', 'not deleted')).toContain('Keeper');
  expect(await doubter.command('look', 'Keeper')).toContain('Keeper');

  // A session not logged in keeps its login screen: nothing of the others' state leaked to it.
  await guest.command('connect Maker maker-secret-1', 'logged in as Maker');
}, 120_000);
