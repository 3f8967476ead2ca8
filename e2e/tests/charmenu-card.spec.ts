/**
 * Play from the card (issue 18 item 7): a click anywhere on a character's card plays it (or takes
 * it over, in mode 2, as its button says); the keyboard reaches the card, shows a focus ring
 * around it and plays it with Enter or Space; the card's other buttons keep their own action.
 */
import type { Locator } from '@playwright/test';
import { expect, type Player, test, uniqueName } from '../kit/index.js';

test.use({ mode: 2 });

/** Clicks the card near its bottom-left corner: its "played by" line, away from every button. */
async function clickCard(card: Locator): Promise<void> {
  const box = await card.boundingBox();
  if (box === null) throw new Error('the card is not shown');
  await card.click({ position: { x: 14, y: box.height - 8 } });
}

/** The card's outline as drawn: "solid" around a focused card, "none" otherwise. */
function outlineOf(card: Locator): Promise<string> {
  return card.evaluate((element) => getComputedStyle(element).outlineStyle);
}

/** Moves the focus onto the card's main button with the keyboard (Shift+Tab from its Delete). */
async function tabToCard(tab: Player, name: string): Promise<void> {
  await tab.menuItem(name).getByTestId('charmenu-delete').focus();
  await tab.page.keyboard.press('Shift+Tab');
  await expect(tab.menuItem(name).getByTestId('charmenu-play')).toBeFocused();
}

test('a click anywhere on the card plays it; Delete on the card only asks to delete', async ({ players }) => {
  const tab = await players.one();
  const [anna, bella] = [uniqueName('Anna'), uniqueName('Bella')];
  await tab.createAccount(uniqueName('Cora'));
  await tab.createCharacter(anna, 'A woman with a lantern.');
  await tab.createCharacter(bella);

  await clickCard(tab.menuItem(anna));
  await tab.expectPuppet(anna);
  await tab.expectText(`You become ${anna}.`);
  await expect(tab.menuItem(anna)).toHaveAttribute('data-action', 'playing');

  // The card's Delete button asks, and plays nothing: one action per click.
  const mark = await tab.mark();
  await tab.menuItem(bella).getByTestId('charmenu-delete').click();
  await expect(tab.menuItem(bella).getByTestId('charmenu-delete-confirm')).toBeVisible();
  await tab.menuItem(bella).getByRole('button', { name: 'Cancel' }).click();
  await expect(tab.menuItem(bella).getByTestId('charmenu-delete')).toBeVisible();
  await tab.expectPuppet(anna);
  await tab.type('say still Anna');
  await tab.expectText('You say, "still Anna"', { after: mark });
  await tab.expectNoText(`You become ${bella}`, { after: mark });

  // The card's own button plays once: the stretched card adds no second `ic`.
  const before = await tab.mark();
  await tab.menuItem(bella).getByTestId('charmenu-play').click();
  await tab.expectPuppet(bella);
  await tab.type('say now Bella');
  await tab.expectText('You say, "now Bella"', { after: before });
  const since = (await tab.terminalText()).split('\n').slice(before).join('\n');
  expect(since.split(`You become ${bella}.`).length - 1).toBe(1);
  expect(since).not.toContain('You are already playing');
});

test('the keyboard plays a card with Enter or Space, and the card shows the focus ring', async ({ players }) => {
  const tab = await players.one();
  const [anna, bella] = [uniqueName('Anna'), uniqueName('Bella')];
  await tab.createAccount(uniqueName('Kira'));
  await tab.createCharacter(anna);
  await tab.createCharacter(bella);
  await expect.poll(() => outlineOf(tab.menuItem(anna))).toBe('none');

  await tabToCard(tab, anna);
  await expect.poll(() => outlineOf(tab.menuItem(anna))).toBe('solid');
  await tab.page.keyboard.press('Enter');
  await tab.expectPuppet(anna);

  await tabToCard(tab, bella);
  await expect.poll(() => outlineOf(tab.menuItem(bella))).toBe('solid');
  await expect.poll(() => outlineOf(tab.menuItem(anna))).toBe('none');
  await tab.page.keyboard.press('Space');
  await tab.expectPuppet(bella);
});

test('in mode 2 a click on a card another tab plays takes it over', async ({ players }) => {
  const [first, second] = await players.open(2);
  const account = uniqueName('Dora');
  const anna = uniqueName('Anna');
  await first.createAccount(account);
  await first.createCharacter(anna);
  await first.pickCharacter(anna);
  await second.login(account);
  await expect(second.menuItem(anna)).toHaveAttribute('data-action', 'take');

  await clickCard(second.menuItem(anna));
  await second.expectText(`Taking over ${anna}`);
  await second.expectPuppet(anna);
  await first.expectPuppet(null);
});
