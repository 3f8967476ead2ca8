/**
 * Playwright kit: fixtures that start the real game (portal + game server, fresh data dir) and
 * players that drive the web client as people would, through its test ids and hooks (docs/architecture.md#test-hooks).
 * A game's testers reuse it for their own flows; see e2e/README.md.
 *
 *   import { expect, test, uniqueName } from '../kit/index.js';
 *   test.use({ mode: 2 });
 *   test('two tabs, two characters', async ({ players }) => {
 *     const [a, b] = await players.open(2);
 *     ...
 *   });
 */
import { asRegExp, GameProcess } from '@mud/server/testing';
import { type Browser, test as base, expect, type Page } from '@playwright/test';
import { Player } from './Player.js';

export { passwordFor, uniqueName } from '@mud/server/testing';
export { Player, type Status } from './Player.js';
export { expect };

export interface GameOptions {
  /** MULTISESSION_MODE of the game this worker starts (docs/sessions.md#multisession-modes); the game's default when unset. */
  mode: 0 | 1 | 2 | 3 | undefined;
  /** Further settings for that game (docs/settings.md#settings names), e.g. `{ MUD_MAX_NR_CHARACTERS: '3' }`. */
  gameEnv: Record<string, string>;
}

/** `[T, T, ...]` of length N, so `const [a, b] = await players.open(2)` needs no checks. */
type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [...R, T]>;

/** Opens players, each in a tab of its own browser context; all are closed after the test. */
export class Players {
  private readonly opened: Player[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly url: string,
  ) {}

  /** Opens one tab, connected. */
  async one(options: { viewport?: { width: number; height: number } } = {}): Promise<Player> {
    const player = await Player.open(this.browser, this.url, options);
    this.opened.push(player);
    return player;
  }

  /** Opens `count` tabs, connected, one after the other (sessids in order). */
  async open<N extends 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8>(count: N): Promise<Tuple<Player, N>> {
    const players: Player[] = [];
    for (let i = 0; i < count; i++) players.push(await this.one());
    return players as Tuple<Player, N>;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((player) => player.close()));
  }
}

/**
 * `game`: one real game per worker (so per spec file with its own `test.use` options), on an
 * ephemeral port with a fresh data directory, stopped after the last test. Throttles are off:
 * tests create many accounts from one address quickly. `players`: per test.
 */
export const test = base.extend<{ players: Players }, GameOptions & { game: GameProcess }>({
  mode: [undefined, { scope: 'worker', option: true }],
  gameEnv: [{}, { scope: 'worker', option: true }],
  game: [
    async ({ mode, gameEnv }, use) => {
      const game = await GameProcess.start({
        env: {
          MUD_LOGIN_THROTTLE_LIMIT: '0',
          MUD_CREATION_THROTTLE_LIMIT: '0',
          MUD_MAX_CONNECTION_RATE: '0',
          ...(mode === undefined ? {} : { MUD_MULTISESSION_MODE: String(mode) }),
          ...gameEnv,
        },
      });
      await use(game);
      await game.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  players: async ({ browser, game }, use) => {
    const players = new Players(browser, game.url);
    await use(players);
    await players.closeAll();
  },
});

// --- page-level helpers, for tests that use Playwright's own `page` --------------------------

/** Everything the terminal holds (scrollback included), read through the client's test hook. */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__mud?.terminalText() ?? '');
}

/** Waits until the terminal shows `needle`. */
export async function expectTerminal(page: Page, needle: string | RegExp): Promise<void> {
  await expect
    .poll(() => terminalText(page), { message: `terminal to show ${String(needle)}` })
    .toMatch(asRegExp(needle));
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
