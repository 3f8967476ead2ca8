/**
 * After the grace period the server ends a dropped session as a normal disconnect (issue 5 §5):
 * the tab that comes back later is told, and starts a fresh session.
 */
import { expect, test, uniqueName } from '../kit/index.js';

test.use({ mode: 2, gameEnv: { MUD_RESUME_GRACE: '1' } });

test('a tab that comes back after the grace period starts a new session', async ({ players }) => {
  const tab = await players.one();
  await tab.createAccount(uniqueName('Late'));
  const sessid = await tab.sessid();
  await tab.setOffline(true);
  await tab.dropSocket();
  await tab.expectStatus('reconnecting');
  await tab.page.waitForTimeout(2_500);
  await tab.setOffline(false);
  await tab.expectText('That session can no longer be resumed');
  await tab.expectStatus('connected');
  await expect(tab.page.getByTestId('login-name')).toBeVisible();
  expect(await tab.sessid()).not.toBe(sessid);
  await tab.expectText('connect <username> <password>');
});
