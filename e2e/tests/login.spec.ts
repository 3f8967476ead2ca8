import { expect, expectTerminal, submitLogin, terminalText, test, typeCommand } from '../kit/index.js';

test('a player creates an account through the page, plays, and logs in again', async ({ page, game, browser }) => {
  await page.goto(game.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expectTerminal(page, 'connect <username> <password>');

  await submitLogin(page, 'Wanda', 'wanda-e2e-secret', 'create');
  await expectTerminal(page, 'You are logged in as Wanda');
  await expect(page.getByTestId('session-panel')).toContainText('Wanda');
  // The password never reaches the scrollback.
  expect(await terminalText(page)).not.toContain('wanda-e2e-secret');

  await typeCommand(page, 'who');
  await expectTerminal(page, /Wanda\s+\d+s/);

  // A second tab logs in through the form; mode 0 ends the first tab's session, which is told why.
  const second = await browser.newPage();
  await second.goto(game.url);
  await expectTerminal(second, 'connect <username> <password>');
  await submitLogin(second, 'Wanda', 'wanda-e2e-secret', 'login');
  await expectTerminal(second, 'You are logged in as Wanda');
  await expectTerminal(page, 'logged in from elsewhere');
  await expect(page.getByTestId('connection-status')).toHaveText('disconnected');

  // Typed login works too.
  const third = await browser.newPage();
  await third.goto(game.url);
  await expectTerminal(third, 'connect <username> <password>');
  await typeCommand(third, 'connect Wanda wrong-password');
  await expectTerminal(third, 'Incorrect login information');
  await typeCommand(third, 'quit');
  await expect(third.getByTestId('connection-status')).toHaveText('disconnected');
});
