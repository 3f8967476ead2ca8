/**
 * Playwright kit: fixtures that start the real game (portal + game server, fresh data dir) and
 * helpers to drive the web client through its test hooks (SPEC §8). Games reuse it for their own
 * flows:
 *
 *   import { test, expect, terminal } from '../kit/index.js';
 *   test.use({ gameEnv: { MUD_MULTISESSION_MODE: '2' } });
 *   test('...', async ({ page, game }) => { await page.goto(game.url); ... });
 */
import { GameProcess } from '@mud/server/testing';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

interface KitOptions {
  /** Settings for the game this worker starts (SPEC §2 names). */
  gameEnv: Record<string, string>;
}

export const test = base.extend<object, KitOptions & { game: GameProcess }>({
  gameEnv: [{}, { scope: 'worker', option: true }],
  game: [
    async ({ gameEnv }, use) => {
      const game = await GameProcess.start({
        env: {
          MUD_LOGIN_THROTTLE_LIMIT: '0',
          MUD_CREATION_THROTTLE_LIMIT: '0',
          MUD_MAX_CONNECTION_RATE: '0',
          ...gameEnv,
        },
      });
      await use(game);
      await game.stop();
    },
    { scope: 'worker' },
  ],
});

/** Everything the terminal holds (scrollback included), read through the client's test hook. */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__mud?.terminalText() ?? '');
}

/** Waits until the terminal shows `needle`. */
export async function expectTerminal(page: Page, needle: string | RegExp): Promise<void> {
  await expect
    .poll(() => terminalText(page), { message: `terminal to show ${String(needle)}` })
    .toMatch(typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : needle);
}

/** Types a line into the command input and sends it. */
export async function typeCommand(page: Page, line: string): Promise<void> {
  const input = page.getByTestId('command-input');
  await input.fill(line);
  await input.press('Enter');
}

/** Fills the login form and presses create (or login). */
export async function submitLogin(page: Page, name: string, password: string, how: 'create' | 'login'): Promise<void> {
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId(how === 'create' ? 'create-submit' : 'login-submit').click();
}
