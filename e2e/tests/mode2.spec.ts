/**
 * MULTISESSION_MODE 2 in the browser (SPEC §3): login lands at the character menu; two tabs play
 * two characters; taking a character over moves it, and the first tab's menu follows live.
 */
import { expect, test, uniqueName } from '../kit/index.js';

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
