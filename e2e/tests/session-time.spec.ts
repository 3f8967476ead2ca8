/**
 * The session's own time (issue 18 item 8): after a refresh resumes the session, the session
 * panel's "Connected" shows when the session connected, not when the new socket did
 * (docs/sessions.md#session-properties).
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

test.use({ mode: 2 });

/** The panel's "Connected" value, e.g. "14:05 (12s)". */
function connected(tab: Player) {
  return tab.sessionPanel().locator('[data-field="connected"] dd');
}

/** Seconds of the panel's "(12s)" / "(1m)" duration. */
async function connectedSeconds(tab: Player): Promise<number> {
  const text = (await connected(tab).textContent()) ?? '';
  const match = /\((\d+)(s|m)/.exec(text);
  if (match === null) return -1;
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

async function waitConnectedFor(tab: Player, seconds: number): Promise<void> {
  await expect.poll(() => connectedSeconds(tab), { timeout: 30_000 }).toBeGreaterThanOrEqual(seconds);
}

test('a refreshed page shows the session connection time, not the new socket one', async ({ players }) => {
  const tab = await players.one();
  const hero = uniqueName('Hero');
  await tab.createAccount(uniqueName('Tim'));
  await tab.createCharacter(hero);
  await tab.pickCharacter(hero);
  const sessid = await tab.sessid();
  await waitConnectedFor(tab, 4);
  const since = await connected(tab).getAttribute('data-since');
  expect(Number(since)).toBeGreaterThan(0);

  await tab.reload();
  await tab.expectText(`session #${sessid} resumed`);
  await tab.expectPuppet(hero);
  expect(await tab.sessid()).toBe(sessid);
  // The same instant, and so still at least the seconds waited, not "just now".
  await expect(connected(tab)).toHaveAttribute('data-since', since ?? '');
  expect(await connectedSeconds(tab)).toBeGreaterThanOrEqual(4);
});

test('an anonymous tab keeps its session connection time through a refresh too', async ({ players }) => {
  const tab = await players.one();
  await expect.poll(() => tab.sessid()).not.toBeNull();
  const sessid = await tab.sessid();
  await waitConnectedFor(tab, 4);
  const since = await connected(tab).getAttribute('data-since');

  await tab.reload();
  await tab.expectText(`session #${sessid} resumed`);
  await expect(tab.page.getByTestId('login-name')).toBeVisible();
  await expect(connected(tab)).toHaveAttribute('data-since', since ?? '');
  expect(await connectedSeconds(tab)).toBeGreaterThanOrEqual(4);
});
