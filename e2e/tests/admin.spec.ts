/**
 * The admin view in the browser (issue 16, docs/architecture.md#the-admin-view): the superuser's
 * tab opens `/admin`, sees another tab's session with its puppet and protocol, boots it (that tab
 * shows the reason and the login form), reloads and watches the state go reloading → up. An
 * ordinary account is refused, on the page and for a hand-made admin frame over a websocket.
 */
import type { Page } from '@playwright/test';
import { expect, passwordFor, test, uniqueName } from '../kit/index.js';

const ROOT = { name: 'Root', password: 'root-e2e-admin-3' };
test.use({ gameEnv: { MUD_SUPERUSER_NAME: ROOT.name, MUD_SUPERUSER_PASSWORD: ROOT.password } });

/** Goes to `/admin` in the same tab: the session resumes there, with its login. */
async function openAdmin(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await expect(page.getByTestId('admin-page')).toBeVisible();
}

test('the superuser watches a session arrive, boots it, and reloads the game server', async ({ players, game }) => {
  const [admin, player] = await players.open(2);
  await admin.login(ROOT.name, ROOT.password);
  const name = uniqueName('Pia');
  await player.createAccount(name);
  await player.expectPuppet(name);
  const sessid = await player.sessid();

  await openAdmin(admin.page, game.url);
  const row = admin.page.locator(`[data-testid="admin-session-row"][data-sessid="${sessid}"]`);
  await expect(row.locator('[data-field="account"]')).toHaveText(name);
  await expect(row.locator('[data-field="puppet"]')).toHaveText(name);
  await expect(row.locator('[data-field="protocol"]')).toHaveText('websocket');
  await expect(row.locator('[data-field="portal"]')).toHaveText('local');
  await expect(admin.page.getByTestId('admin-state')).toHaveText('up');

  // The filter keeps only the rows that match.
  await admin.page.getByTestId('admin-filter').fill(name);
  await expect(admin.page.getByTestId('admin-session-row')).toHaveCount(1);
  await admin.page.getByTestId('admin-filter').fill('');

  // Boot, with a reason the player sees; confirmed first.
  await row.getByTestId('admin-boot').click();
  await admin.page.getByTestId('admin-confirm-text').fill('Closing time at the inn');
  await admin.page.getByTestId('admin-confirm-ok').click();
  await player.expectText(`You have been booted by ${ROOT.name}.`);
  await player.expectText('Closing time at the inn');
  await player.expectStatus('disconnected');
  await expect(player.page.getByTestId('login-name')).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(admin.page.getByTestId('admin-done')).toContainText(`Booted session ${sessid}`);

  // Reload: confirmed, then the state goes reloading → up while the page stays.
  await admin.page.getByTestId('admin-reload').click();
  await admin.page.getByTestId('admin-confirm-ok').click();
  const log = admin.page.getByTestId('admin-state-log');
  await expect(log.locator('li[data-state="reloading"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(log.locator('li').last()).toHaveAttribute('data-state', 'up', { timeout: 30_000 });
  await expect(admin.page.getByTestId('admin-state')).toHaveText('up');
  await expect(admin.page.getByTestId('admin-restarts').locator('li[data-kind="reload"]').first()).toContainText(
    `by ${ROOT.name}`,
  );
  // The feed carries on from the new game server: a new session still shows up.
  const late = await players.one();
  const lateName = uniqueName('Lars');
  await late.createAccount(lateName);
  await expect(
    admin.page.locator('[data-testid="admin-session-row"] [data-field="account"]', { hasText: lateName }),
  ).toBeVisible();
});

test('an ordinary account is refused, on the page and over a hand-made websocket', async ({ players, game }) => {
  const [player] = await players.open(1);
  const name = uniqueName('Mallory');
  await player.createAccount(name);
  await openAdmin(player.page, game.url);
  await expect(player.page.getByTestId('admin-refused')).toContainText('Admin permission');
  await expect(player.page.getByTestId('admin-sessions')).toHaveCount(0);

  // A hand-made page: its own websocket, logged in as the same account, asking for the feed.
  const answers = await player.page.evaluate(
    async ({ account, password }) => {
      const frames: unknown[][] = [];
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`, ['v1.evennia.com']);
      const next = (test: (f: unknown[]) => boolean) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer; got ${JSON.stringify(frames)}`)), 20_000);
          const check = () => {
            if (frames.some(test)) {
              clearTimeout(timer);
              resolve();
            } else setTimeout(check, 20);
          };
          check();
        });
      ws.onmessage = (event) => frames.push(JSON.parse(String(event.data)));
      await new Promise((resolve) => {
        ws.onopen = resolve;
      });
      ws.send(JSON.stringify(['login', [], { name: account, password }]));
      await next((f) => f[0] === 'logged_in');
      ws.send(JSON.stringify(['admin', ['subscribe'], {}]));
      ws.send(JSON.stringify(['admin', ['restart'], { kind: 'reload' }]));
      ws.send(JSON.stringify(['text', ['who'], {}]));
      await next((f) => f[0] === 'text' && String((f[1] as string[])[0]).includes('logged in.'));
      ws.close(1000);
      return frames;
    },
    { account: name, password: passwordFor(name) },
  );
  const refusals = answers.filter((f) => f[0] === 'error' && (f[2] as { input?: string }).input === 'admin');
  expect(refusals.map((f) => (f[2] as { code: string }).code)).toEqual(['E_NOT_PERMITTED', 'E_NOT_PERMITTED']);
  expect(answers.filter((f) => f[0] === 'admin')).toEqual([]);
  expect((await game.health()).server).toBe('up');
});
