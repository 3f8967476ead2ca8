/**
 * The scrollback across a refresh (docs/web-terminal.md#scrollback-across-a-refresh): a tab that
 * resumes its session after a refresh shows again what its terminal held, before the
 * "Reconnected" line; a session that ended (quit) or a tab that gets a new session (a duplicated
 * tab) starts clean.
 */
import { expect, test, uniqueName } from '../kit/index.js';

// Mode 0: an account plays its own character straight after login.
test.use({ mode: 0 });

test('a refreshed tab shows its scrollback again, before "Reconnected", and after a second refresh too', async ({
  players,
}) => {
  const [tab, other] = await players.open(2);
  const [name, otherName] = [uniqueName('Hild'), uniqueName('Ivo')];
  await tab.createAccount(name);
  await other.createAccount(otherName);
  await tab.type('say before the refresh');
  await tab.expectText('You say, "before the refresh"');
  await other.type('say heard before');
  await tab.expectText(`${otherName} says, "heard before"`);
  const sessid = await tab.sessid();

  await tab.reload();
  await tab.expectStatus('connected');
  await tab.expectText(`session #${sessid} resumed`);
  const text = await tab.terminalText();
  const resumedAt = text.indexOf(`session #${sessid} resumed`);
  // The connection screen, the login and what was said: all back, all before the notice.
  for (const line of ['connect <username> <password>', 'You say, "before the refresh"', 'says, "heard before"']) {
    expect(text.indexOf(line), line).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(line), line).toBeLessThan(resumedAt);
  }

  // It is still the same live terminal: new lines come after, and a second refresh keeps both.
  await other.type('say after the refresh');
  await tab.expectText(`${otherName} says, "after the refresh"`);
  await tab.reload();
  await tab.expectStatus('connected');
  await expect.poll(async () => (await tab.terminalText()).split(`session #${sessid} resumed`).length - 1).toBe(2);
  const again = await tab.terminalText();
  expect(again.indexOf('before the refresh')).toBeLessThan(again.indexOf('after the refresh'));
  expect(again.indexOf('after the refresh')).toBeLessThan(again.lastIndexOf(`session #${sessid} resumed`));
});

test('a quit forgets the scrollback: the refreshed tab starts clean', async ({ players }) => {
  const tab = await players.one();
  await tab.createAccount(uniqueName('Jory'));
  await tab.type('say words of the old session');
  await tab.expectText('You say, "words of the old session"');
  await tab.quit();
  expect(await tab.page.evaluate(() => sessionStorage.getItem('mud.scrollback'))).toBeNull();

  await tab.reload();
  await tab.expectStatus('connected');
  await tab.expectText('connect <username> <password>');
  await tab.expectNoText('words of the old session');
});

test('a duplicated tab gets a new session and a clean terminal; the original keeps its scrollback', async ({
  players,
}) => {
  const tab = await players.one();
  await tab.createAccount(uniqueName('Kai'));
  await tab.type('say only in the first tab');
  await tab.expectText('You say, "only in the first tab"');
  // Saved by now: the copy's storage holds it too, as a browser's "Duplicate tab" copies it.
  await expect
    .poll(() => tab.page.evaluate(() => sessionStorage.getItem('mud.scrollback') ?? ''))
    .toContain('only in the first tab');

  const copy = await tab.duplicate();
  await copy.expectText('open in another tab');
  await copy.expectStatus('connected');
  await copy.expectNoText('only in the first tab');

  await tab.reload();
  await tab.expectText('resumed');
  await tab.expectText('You say, "only in the first tab"');
});
