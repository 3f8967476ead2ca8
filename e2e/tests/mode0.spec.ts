/** MULTISESSION_MODE 0 in the browser (docs/sessions.md#multisession-modes): a second tab's login kicks the first, which says why. */
import { expect, test, uniqueName } from '../kit/index.js';

test.use({ mode: 0 });

test('a second tab kicks the first, which shows why and does not reconnect by itself', async ({ players }) => {
  const name = uniqueName('Carla');
  const [first, second] = await players.open(2);
  await first.createAccount(name);
  await first.expectPuppet(name);
  // Mode 0 has no character menu while playing.
  await expect(first.menu()).toHaveCount(0);

  await second.login(name);
  await second.expectPuppet(name);
  await first.expectText('You have been logged in from elsewhere');
  await first.expectStatus('disconnected');
  await expect(first.page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
  // A kick is final: no automatic reconnect (it would log in nobody, and kick nobody back).
  await first.page.waitForTimeout(1200);
  await first.expectStatus('disconnected');
  expect(await first.page.evaluate(() => window.__mud?.socket())).toBeUndefined();

  await second.type('say still here');
  await second.expectText('You say, "still here"');

  // Reconnect opens a fresh, logged-out session.
  await first.page.getByRole('button', { name: 'Reconnect' }).click();
  await first.expectStatus('connected');
  await expect(first.page.getByTestId('login-name')).toBeVisible();
});
