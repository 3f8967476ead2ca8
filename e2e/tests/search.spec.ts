/**
 * Searching the scrollback (docs/web-terminal.md#search): Ctrl+F opens the search bar over the
 * terminal, a match far up in the scrollback is found, highlighted and scrolled into view, Enter
 * and Shift+Enter (F3, Shift+F3) move between matches, Esc closes the bar and gives the focus back
 * to the command line.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

test.use({ mode: 0 });

/** The text of the rows the terminal draws now (its viewport), not the whole scrollback. */
const onScreen = (tab: Player) =>
  tab.page.evaluate(() => document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent ?? '');

const highlights = (tab: Player) => tab.page.locator('[data-testid="terminal"] .xterm-decoration');

test('Ctrl+F finds a line far up the scrollback; Enter and Shift+Enter move; Esc closes', async ({ players }) => {
  const tab = await players.one();
  await tab.createAccount(uniqueName('Pia'));
  await tab.type('say the lantern is in the cellar');
  await tab.type('say the LANTERN is lit');
  // Push both above the viewport, into the scrollback.
  for (let i = 0; i < 60 && (await onScreen(tab)).includes('lantern'); i++) {
    const mark = await tab.mark();
    await tab.type('look');
    await tab.expectText('The void between worlds', { after: mark });
  }
  await tab.type('say the end');
  await tab.expectText('You say, "the end"');
  await expect.poll(() => onScreen(tab)).not.toContain('lantern');

  const input = tab.page.getByTestId('command-input');
  await expect(input).toBeFocused();
  const field = tab.page.getByTestId('terminal-search');
  await expect(field).toHaveCount(0);
  await input.press('Control+f');
  await expect(field).toBeFocused();

  await field.fill('lantern');
  const count = tab.page.getByTestId('terminal-search-count');
  // Case-insensitive: both lines match, each highlighted.
  await expect(count).toHaveText(/of 2$/);
  await expect.poll(() => highlights(tab).count()).toBeGreaterThanOrEqual(2);
  const first = await count.textContent();
  await field.press('Enter');
  await expect(count).not.toHaveText(first ?? '');
  await expect(count).toHaveText(/of 2$/);
  await field.press('Shift+Enter');
  await expect(count).toHaveText(first ?? '');
  await field.press('F3');
  await expect(count).not.toHaveText(first ?? '');
  await field.press('Shift+F3');
  await expect(count).toHaveText(first ?? '');
  // The active match was scrolled into view.
  await expect.poll(() => onScreen(tab)).toMatch(/lantern is in the cellar|LANTERN is lit/);

  await field.fill('no such words');
  await expect(count).toHaveText('No matches');

  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(input).toBeFocused();
  await expect(highlights(tab)).toHaveCount(0);
  // The command line works as before.
  await tab.type('say found it');
  await tab.expectText('You say, "found it"');
});

test('Ctrl+F while the bar is open selects its text; the page keeps working beside it', async ({ players }) => {
  const tab = await players.one();
  await tab.createAccount(uniqueName('Quill'));
  await tab.type('say a needle here');
  await tab.expectText('You say, "a needle here"');
  await tab.page.keyboard.press('Control+f');
  const field = tab.page.getByTestId('terminal-search');
  await field.fill('needle');
  await expect(tab.page.getByTestId('terminal-search-count')).toHaveText('1 of 1');
  // Back to the command line with the bar open: Ctrl+F takes the focus back, its text selected.
  await tab.page.getByTestId('command-input').focus();
  await tab.page.keyboard.press('Control+f');
  await expect(field).toBeFocused();
  expect(await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 6]);
  await tab.page.getByRole('button', { name: 'Close search' }).click();
  await expect(field).toHaveCount(0);
  await expect(tab.page.getByTestId('command-input')).toBeFocused();
});
