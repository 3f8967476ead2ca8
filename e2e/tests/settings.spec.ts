/**
 * Settings a player keeps (docs/architecture.md#player-settings): font size, theme, line spacing and
 * reduced motion, stored per browser and applied before the app's first paint.
 */
import type { Page } from '@playwright/test';
import { expect, type Player, test } from '../kit/index.js';

declare global {
  interface Window {
    /** <html>'s settings attributes as they were when the parser reached #root (before any module ran). */
    __beforeApp?: { theme: string | null; reducedMotion: boolean; appRan: boolean };
  }
}

/** Records <html>'s attributes the moment #root is parsed: only head's synchronous prefs.js can have run. */
async function watchFirstParse(player: Player): Promise<void> {
  await player.context.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.getElementById('root') === null) return;
      observer.disconnect();
      const html = document.documentElement;
      window.__beforeApp = {
        theme: html.getAttribute('data-theme'),
        reducedMotion: html.hasAttribute('data-reduced-motion'),
        appRan: window.__mud !== undefined,
      };
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

const terminalFontSize = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.querySelector('.xterm-rows') as Element).fontSize);
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('settings apply at once, persist across a reload and are on the page before the app runs', async ({ players }) => {
  const player = await players.one();
  const { page } = player;
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bodyBackground(page)).toBe('rgb(15, 17, 21)');
  expect(await terminalFontSize(page)).toBe('14px');
  const cols = await player.terminalCols();

  await page.getByTestId('settings-button').click();
  const panel = page.getByTestId('settings-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('settings-font-size')).toBeFocused();
  await panel.getByTestId('settings-font-size').selectOption('20');
  await panel.getByTestId('settings-theme').selectOption('light');
  await panel.getByTestId('settings-line-height').fill('1.5');
  await panel.getByTestId('settings-reduced-motion').setChecked(true);

  // Live: the page's colours, and the terminal's font, with fewer columns after the refit.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', '');
  expect(await bodyBackground(page)).toBe('rgb(251, 251, 252)');
  await expect.poll(() => terminalFontSize(page)).toBe('20px');
  await expect.poll(() => player.terminalCols()).toBeLessThan(cols);
  const bigCols = await player.terminalCols();

  // Escape closes the panel and gives the focus back to its button.
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('settings-button')).toBeFocused();

  await watchFirstParse(player);
  await player.reload();
  await player.expectStatus('connected');
  expect(await page.evaluate(() => window.__beforeApp)).toEqual({ theme: 'light', reducedMotion: true, appRan: false });
  expect(await bodyBackground(page)).toBe('rgb(251, 251, 252)');
  await expect.poll(() => terminalFontSize(page)).toBe('20px');
  await expect.poll(() => player.terminalCols()).toBe(bigCols);
  // Reduced motion: no CSS transition or animation takes effect, whatever an element asks for.
  const motion = await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.transition = 'opacity 1s';
    probe.style.animation = 'pulse 1s infinite';
    document.body.append(probe);
    const style = getComputedStyle(probe);
    const seen = { transition: style.transitionDuration, animation: style.animationName };
    probe.remove();
    return seen;
  });
  expect(motion).toEqual({ transition: '0s', animation: 'none' });

  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-font-size')).toHaveValue('20');
  await expect(page.getByTestId('settings-theme')).toHaveValue('light');
  await expect(page.getByTestId('settings-line-height')).toHaveValue('1.5');
  await expect(page.getByTestId('settings-reduced-motion')).toBeChecked();
});

test('reduced motion follows the system until the player chooses', async ({ players }) => {
  const player = await players.one();
  const { page } = player;
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await watchFirstParse(player);
  await player.reload();
  await player.expectStatus('connected');
  expect(await page.evaluate(() => window.__beforeApp?.reducedMotion)).toBe(true);
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-reduced-motion')).toBeChecked();
  await page.getByTestId('settings-reduced-motion').setChecked(false);
  await expect(page.locator('html')).not.toHaveAttribute('data-reduced-motion');
  await player.reload();
  await player.expectStatus('connected');
  expect(await page.evaluate(() => window.__beforeApp?.reducedMotion)).toBe(false);
});

test('stored settings that are not valid leave the defaults and break nothing', async ({ players }) => {
  const player = await players.one();
  const { page } = player;
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.evaluate(() => localStorage.setItem('mud.settings', '{"theme": "light", "fontSize": 9'));
  await player.reload();
  await player.expectStatus('connected');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await terminalFontSize(page)).toBe('14px');

  await page.evaluate(() =>
    localStorage.setItem('mud.settings', '{"theme": "sepia", "fontSize": 200, "lineHeight": "x"}'),
  );
  await player.reload();
  await player.expectStatus('connected');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await terminalFontSize(page)).toBe('14px');
  expect(errors).toEqual([]);
});

test('on a 390x800 phone the settings button fits the top bar and its panel the screen', async ({ players }) => {
  const player = await players.one({ viewport: { width: 390, height: 800 } });
  const { page } = player;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: 'Settings' }).click();
  const panel = page.getByTestId('settings-panel');
  await expect(panel).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await panel.getByTestId('settings-theme').selectOption('light');
  await page.screenshot({ path: '../test-results/settings-phone.png' });
  // A tap outside closes it.
  await page.getByTestId('terminal').click();
  await expect(panel).toHaveCount(0);
});
