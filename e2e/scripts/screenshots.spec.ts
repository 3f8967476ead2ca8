/**
 * The README's screenshots, taken from the real game with the kit: the login screen, the
 * character menu, the play screen, the play screen on a phone, the light theme with the
 * settings and the scrollback search open, and the admin view (Annika, the first account, is the
 * superuser). Writes docs/screenshots/.
 */
import { fileURLToPath } from 'node:url';
import { type Player, test } from '../kit/index.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
async function shot(player: Player, name: string) {
  // Let the terminal's scrollbar fade out after the last output.
  await player.page.mouse.move(0, 0);
  await player.page.waitForTimeout(1200);
  await player.page.screenshot({ path: `${OUT}${name}.png` });
}

test.use({ mode: 2 });

test('screenshots', async ({ players, game }) => {
  test.setTimeout(120_000);
  const ann = await players.one();
  await ann.expectText('connect <username> <password>');
  await ann.page.getByTestId('login-name').fill('Annika');
  await shot(ann, 'login');

  await ann.createAccount('Annika', 'annika-lantern-7');
  await ann.createCharacter('Ilsa', 'A tall woman with a lantern and a patched grey cloak.');
  await ann.createCharacter('Brann', 'A stocky dwarf who hums while he walks.');
  await ann.createCharacter('Corwin', 'A young scribe with ink on every finger.');
  const second = await players.one();
  await second.login('Annika', 'annika-lantern-7');
  await second.pickCharacter('Brann');
  await ann.type('look');
  await ann.expectText('Connected session');
  await shot(ann, 'menu');

  await ann.pickCharacter('Ilsa');
  const bob = await players.one();
  await bob.createAccount('Bartholomew', 'bartholomew-7');
  await bob.createCharacter('Tobin', 'A wandering minstrel.');
  await bob.pickCharacter('Tobin');
  await second.type('say Anyone seen the key to the old tower?');
  await bob.type(':tunes his lute and hums.');
  await bob.type('say Try https://example.com/map — it has the old roads.');
  await ann.type('say Thank you, Tobin!');
  await ann.type('who');
  await ann.expectText('logged in.');
  await shot(ann, 'play');

  await ann.page.getByTestId('settings-button').click();
  await ann.page.getByTestId('settings-theme').selectOption('light');
  await ann.page.getByTestId('settings-button').click();
  await ann.page.keyboard.press('Control+f');
  await ann.page.getByTestId('terminal-search').fill('tower');
  await ann.page.getByTestId('settings-button').click();
  await shot(ann, 'light');

  const phone = await players.one({ viewport: { width: 390, height: 844 } });
  await phone.login('Bartholomew', 'bartholomew-7');
  await phone.pickCharacter('Tobin');
  await phone.type('look');
  await phone.type('say Hello from my phone.');
  await phone.expectText('Hello from my phone');
  await shot(phone, 'phone');

  // The admin view, in a wide tab of its own (the dark theme), once the charts have some history.
  const root = await players.one({ viewport: { width: 1440, height: 900 } });
  await root.login('Annika', 'annika-lantern-7');
  await root.page.goto(`${game.url}/admin`);
  await root.page.getByTestId('admin-session-row').nth(3).waitFor();
  await root.page
    .getByTestId('chart-sessions-value')
    .filter({ hasText: /^[1-9]/ })
    .waitFor();
  await root.page.waitForTimeout(4000);
  await root.page.screenshot({ path: `${OUT}admin.png` });
});
