/**
 * MULTISESSION_MODE 2 in the browser (docs/sessions.md#multisession-modes): login lands at the character menu; two tabs play
 * two characters; taking a character over moves it, and the first tab's menu follows live; the
 * session panel shows each tab's session and the account's others.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

test.use({ mode: 2 });

test('two tabs play two characters from the menu; taking one over moves it', async ({ players }) => {
  const account = uniqueName('Petra');
  const [anna, bella] = [uniqueName('Anna'), uniqueName('Bella')];
  const [first, second] = await players.open(2);

  await first.createAccount(account);
  await expect(first.menu()).toBeVisible();
  await expect(first.menu()).toContainText('no characters yet');
  await first.createCharacter(anna, 'A tall woman.');
  await first.createCharacter(bella);
  await expect(first.menuItem(anna)).toContainText('A tall woman.');

  await second.login(account);
  await expect(second.menuItem(anna)).toBeVisible();
  await first.pickCharacter(anna);
  await second.pickCharacter(bella);
  const [s1, s2] = [await first.sessid(), await second.sessid()];
  expect(s1).not.toBe(s2);
  // Each tab's menu shows who plays what, live.
  await expect(first.menuItem(bella)).toHaveAttribute('data-played-by', String(s2));
  await expect(second.menuItem(anna)).toHaveAttribute('data-played-by', String(s1));
  await expect(second.menuItem(anna)).toHaveAttribute('data-action', 'take');

  // Output of a tab's commands goes to that tab only.
  const m2 = await second.mark();
  await first.type('say hello from Anna');
  await first.expectText('You say, "hello from Anna"');
  await second.expectText(`${anna} says, "hello from Anna"`, { after: m2 });

  // The second tab takes Anna over: it moves, the first tab is told, goes OOC, and its menu updates.
  await second.pickCharacter(anna);
  await second.expectText(`Taking over ${anna}`);
  await first.expectText(`${anna} is now acted from another of your sessions.`);
  await first.expectPuppet(null);
  await expect(first.menuItem(anna)).toHaveAttribute('data-played-by', String(s2));
  await expect(first.menuItem(anna)).toHaveAttribute('data-action', 'take');
  await expect(first.menuItem(bella)).toHaveAttribute('data-played-by', '');
  await expect(first.sessionPanel()).toContainText(`#${s2}`);

  // The session panel (issue 5 §4): this tab's session, and the account's other sessions, live.
  const field = (tab: Player, name: string) => tab.sessionPanel().locator(`[data-field="${name}"] dd`);
  const seconds = async (tab: Player, name: string) =>
    Number(/(\d+)s\)?$/.exec((await field(tab, name).textContent()) ?? '')?.[1]);
  await expect(field(first, 'sessid')).toHaveText(`#${s1}`);
  await expect(field(first, 'account')).toHaveText(account);
  await expect(field(first, 'puppet')).toHaveText('OOC');
  await expect(field(second, 'puppet')).toHaveText(anna);
  await expect(field(first, 'mode')).toHaveText('2');
  // A wall-clock time in the browser's locale, and how long ago.
  await expect(field(first, 'connected')).toHaveText(/^\d{1,2}:\d{2}\b.* \(\d+s\)$/);
  const connectedFor = await seconds(first, 'connected');
  await expect(first.page.getByTestId('session-list').locator(`[data-sessid="${s2}"]`)).toContainText(anna);
  await expect(second.page.getByTestId('session-list').locator(`[data-sessid="${s1}"]`)).toContainText('OOC');
  // Idle counts up (the second tab last acted at its take-over), and starts over on typing.
  await expect.poll(() => seconds(second, 'idle')).toBeGreaterThanOrEqual(2);
  await second.type('look');
  await expect(field(second, 'idle')).toHaveText(/^[01]s$/);
  // Go OOC is for a tab that plays; the other tab's list follows it, and a quit.
  await expect(first.page.getByTestId('go-ooc')).toBeDisabled();
  await second.goOoc();
  await expect(first.page.getByTestId('session-list').locator(`[data-sessid="${s2}"]`)).toContainText('OOC');
  await second.quit();
  await expect(first.page.getByTestId('session-list')).toHaveCount(0);
  await expect(first.sessionPanel()).toContainText('None.');
  // The connection time kept counting meanwhile.
  await expect.poll(() => seconds(first, 'connected')).toBeGreaterThan(connectedFor);
});

test('characters are created and deleted (with confirmation) from the menu', async ({ players }) => {
  const account = uniqueName('Quinn');
  const gone = uniqueName('Gone');
  const tab = await players.one();
  await tab.createAccount(account);
  await tab.createCharacter(gone);
  // Cancelling keeps it.
  await tab.menuItem(gone).getByTestId('charmenu-delete').click();
  await tab.menuItem(gone).getByRole('button', { name: 'Cancel' }).click();
  await expect(tab.menuItem(gone)).toBeVisible();
  await tab.deleteCharacter(gone);
  await tab.expectText(`${gone} was destroyed.`);
  // A played character cannot be deleted from the menu.
  const kept = uniqueName('Kept');
  await tab.createCharacter(kept);
  await tab.pickCharacter(kept);
  await expect(tab.menuItem(kept).getByTestId('charmenu-delete')).toBeDisabled();
  await tab.goOoc();
  await expect(tab.menuItem(kept).getByTestId('charmenu-delete')).toBeEnabled();
});
