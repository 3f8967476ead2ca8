/**
 * The login screen (issue 5 §2, docs/architecture.md#test-hooks): creating an account and logging in through the form,
 * the server's refusals shown beside it, the typed `connect` still working, passwords kept out of
 * the scrollback and the history.
 */
import { ErrorCode, Limits } from '@mud/protocol';
import { expect, passwordFor, test, uniqueName } from '../kit/index.js';

test.use({ mode: 0 });

test('create through the form, play, then log in again through the form', async ({ players }) => {
  const name = uniqueName('Wanda');
  const tab = await players.one();
  await tab.expectText('connect <username> <password>');
  await tab.createAccount(name);
  await tab.expectText(`You are logged in as ${name}`);
  await tab.expectPuppet(name);
  await expect(tab.sessionPanel()).toContainText(name);
  // The form is gone once logged in, and the password never reached the scrollback.
  await expect(tab.page.getByTestId('login-password')).toHaveCount(0);
  await tab.expectNoText(passwordFor(name));

  await tab.type('who');
  await tab.expectText(new RegExp(`${name}\\s+\\d+s`));

  // Web links in the output open in a new tab, with no way back to the game's page.
  await tab.context.route('https://example.com/**', (route) => route.fulfill({ body: 'a map' }));
  await tab.type('say the map is at https://example.com/map today');
  await tab.expectText('https://example.com/map today');
  const opened = tab.context.waitForEvent('page');
  await tab.clickTerminalText('https://example.com/map');
  const map = await opened;
  await map.waitForLoadState();
  expect(map.url()).toBe('https://example.com/map');
  expect(await map.evaluate(() => window.opener)).toBeNull();
  await map.close();

  await tab.quit();

  // Reconnect opens a fresh session in the same tab: back to the form, and in again.
  await tab.page.getByRole('button', { name: 'Reconnect' }).click();
  await tab.expectStatus('connected');
  const mark = await tab.mark();
  await tab.login(name);
  await tab.expectText(`You are logged in as ${name}`, { after: mark });
  await tab.expectPuppet(name);
});

test('refusals are shown next to the form, with their code', async ({ players }) => {
  const name = uniqueName('Rhea');
  const tab = await players.one();
  await tab.submitForm(name, passwordFor(name), 'login');
  const error = tab.page.getByTestId('login-error');
  await expect(error).toHaveAttribute('data-code', 'E_LOGIN_FAILED');
  await expect(error).toBeVisible();

  await tab.submitForm(name, '12345678', 'create');
  await expect(error).toHaveAttribute('data-code', 'E_INVALID_PASSWORD');

  await tab.createAccount(name);
  await tab.quit();
  await tab.page.getByRole('button', { name: 'Reconnect' }).click();
  await tab.expectStatus('connected');
  await tab.submitForm(name.toUpperCase(), passwordFor(name), 'create');
  await expect(error).toHaveAttribute('data-code', 'E_NAME_TAKEN');
  // Still at the form, and the password field was cleared after each try.
  await expect(tab.page.getByTestId('login-password')).toHaveValue('');
});

test('the fields stop where the protocol’s limits are, and a too-long name is refused with its code', async ({
  players,
}) => {
  const tab = await players.one();
  const field = (id: string) => tab.page.getByTestId(id);
  await expect(field('login-name')).toHaveAttribute('maxlength', String(Limits.fields.accountName));
  await expect(field('login-password')).toHaveAttribute('maxlength', String(Limits.fields.password));
  await expect(field('command-input')).toHaveAttribute('maxlength', String(Limits.lineLength));
  // The field admits more than the rules, so the rules tell the player what is wrong.
  const long = 'N'.repeat(Limits.accountName.max + 1);
  await tab.submitForm(long, passwordFor(long), 'create');
  await expect(field('login-error')).toHaveAttribute('data-code', ErrorCode.InvalidName);
});

test('the typed login works, and keeps the password out of the scrollback and the history', async ({ players }) => {
  const name = uniqueName('Tomas');
  const tab = await players.one();
  await tab.createAccount(name);
  await tab.quit();
  await tab.page.getByRole('button', { name: 'Reconnect' }).click();
  await tab.expectStatus('connected');
  await tab.type(`connect ${name} wrong-password-1`);
  await tab.expectText('Incorrect login information');
  await tab.connectTyped(name);
  await tab.expectPuppet(name);
  await tab.expectNoText(passwordFor(name));
  await tab.expectNoText('wrong-password-1');
  await tab.type('look');
  // Up recalls `look`, not the connect lines.
  const input = tab.page.getByTestId('command-input');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('look');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('look');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');
});

test('screen-reader mode announces output in a live log', async ({ players }) => {
  const name = uniqueName('Lena');
  const tab = await players.one();
  await tab.createAccount(name);
  await expect(tab.page.getByTestId('live-log')).toHaveCount(0);
  await tab.page.getByRole('button', { name: 'Screen reader' }).click();
  const log = tab.page.getByRole('log');
  await expect(log).toHaveAttribute('aria-live', 'polite');
  await tab.type('say can you hear me');
  await expect(log).toContainText('You say, "can you hear me"');
  // The choice is remembered.
  await tab.reload();
  await expect(tab.page.getByRole('button', { name: 'Screen reader' })).toHaveAttribute('aria-pressed', 'true');
});
