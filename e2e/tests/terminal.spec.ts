/**
 * The terminal in the browser (issue 5 §1, §8): the game's colours (16 and 256) and bold drawn by xterm,
 * wrapping that follows the window, copy on select, a command line that keeps the focus,
 * screen-reader mode, and a layout that works on a phone.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

// Mode 2: login lands OOC at the character menu, whose buttons the focus test clicks.
test.use({ mode: 2 });

/** A tab logged in to a new account, playing a new character. */
async function playing(
  players: { one(o?: { viewport?: { width: number; height: number } }): Promise<Player> },
  viewport?: { width: number; height: number },
) {
  const tab = await players.one(viewport ? { viewport } : {});
  const hero = uniqueName('Hero');
  await tab.createAccount(uniqueName('Tess'));
  await tab.createCharacter(hero);
  await tab.pickCharacter(hero);
  return { tab, hero };
}

/** The classes of the terminal's span that draws `text` (the newest on screen). */
function classesOf(tab: Player, text: string): Promise<string[]> {
  return tab.page.evaluate((needle) => {
    const spans = Array.from(document.querySelectorAll('[data-testid="terminal"] .xterm-rows span'));
    const span = spans.reverse().find((s) => s.textContent?.includes(needle));
    return span ? Array.from(span.classList) : [];
  }, text);
}

test('colours and bold are drawn with xterm classes; selecting text copies it', async ({ players, game }) => {
  const tab = await players.one();
  const account = uniqueName('Cole');
  await tab.createAccount(account);
  // `|g...|n` from the server: SGR 1;32, bold green, which xterm draws in the bright colour.
  await tab.expectText(`You are logged in as ${account}.`);
  // The buffer holds the text before xterm has drawn its row: the classes are polled for.
  await expect
    .poll(() => classesOf(tab, 'You are logged in as'))
    .toEqual(expect.arrayContaining(['xterm-bold', 'xterm-fg-10']));
  // The client's own notices are plain yellow (SGR 33): colour without bold.
  await tab.dropSocket();
  await tab.expectText('resumed');
  await expect.poll(() => classesOf(tab, 'resumed')).toContain('xterm-fg-3');
  expect(await classesOf(tab, 'resumed')).not.toContain('xterm-bold');

  // Copy on select: xterm's own selection (not the DOM's) goes to the clipboard.
  await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: game.url });
  await tab.selectTerminalText(`logged in as ${account}`);
  await expect.poll(() => tab.page.evaluate(() => navigator.clipboard.readText())).toBe(`logged in as ${account}`);
});

test('columns follow the window; the command line keeps the focus; screen-reader mode', async ({ players }) => {
  const { tab, hero } = await playing(players);
  // xterm256 markup from a player (Evennia's |500 red, |[=m grey background) reaches the page.
  await tab.type('say |500hot|n and |[=mgrey');
  await tab.expectText('You say, "hot and grey"');
  await expect.poll(() => classesOf(tab, 'hot')).toContain('xterm-fg-196');
  await expect.poll(() => classesOf(tab, 'grey')).toContain('xterm-bg-243');
  const wide = await tab.terminalCols();
  expect(wide).toBeGreaterThan(80);
  await tab.page.setViewportSize({ width: 900, height: 800 });
  await expect.poll(() => tab.terminalCols()).toBeLessThan(wide);
  expect(await tab.terminalCols()).toBeGreaterThan(20);
  await tab.page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(() => tab.terminalCols()).toBe(wide);

  // Focus: the menu's Play button gave it back; so do a click on the terminal and the panel's buttons.
  const input = tab.page.getByTestId('command-input');
  await expect(input).toBeFocused();
  await tab.page.getByTestId('terminal').click();
  await expect(input).toBeFocused();
  await tab.goOoc();
  await expect(input).toBeFocused();
  await tab.pickCharacter(hero);
  await expect(input).toBeFocused();

  // Screen-reader mode: xterm keeps an accessible mirror of the rows while it is on. Its toggle
  // keeps the focus itself, but the next key typed still lands in the command line.
  const mirror = tab.page.locator('[data-testid="terminal"] .xterm-accessibility');
  await expect(mirror).toHaveCount(0);
  const toggle = tab.page.getByRole('button', { name: 'Screen reader' });
  await toggle.click();
  await expect(mirror).toHaveCount(1);
  await tab.page.keyboard.type('say heard');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('say heard');
  await input.press('Enter');
  await expect(mirror).toContainText('You say, "heard"');
  await toggle.click();
  await expect(mirror).toHaveCount(0);
});

test('on a 390x800 phone the terminal fills the width and the panel is reachable', async ({ players }) => {
  const { tab, hero } = await playing(players, { width: 390, height: 800 });
  const page = tab.page;
  // Nothing overflows sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const terminal = await page.getByTestId('terminal').boundingBox();
  expect(terminal?.width).toBeGreaterThanOrEqual(360);
  expect(await tab.terminalCols()).toBeGreaterThanOrEqual(40);
  await expect(page.getByTestId('command-input')).toBeInViewport();

  // Playing, the side panel folds away; the Panel button brings it (and the session panel) back.
  const panel = tab.sessionPanel();
  await expect(panel).toBeHidden();
  const toggle = page.getByRole('button', { name: 'Panel' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(panel).toBeInViewport();
  await expect(tab.menuItem(hero)).toBeVisible();
  await expect(page.getByTestId('quit')).toBeVisible();
  await toggle.click();
  await expect(panel).toBeHidden();
  await tab.type('say small screen');
  await tab.expectText('You say, "small screen"');
});
