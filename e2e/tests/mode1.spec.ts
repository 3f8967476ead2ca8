/** MULTISESSION_MODE 1 in the browser (docs/sessions.md#multisession-modes): all tabs on one character, output mirrored to all. */
import { expect, test, uniqueName } from '../kit/index.js';

test.use({ mode: 1 });

test('two tabs on the same character mirror each other’s output', async ({ players }) => {
  const name = uniqueName('Mira');
  const [first, second] = await players.open(2);
  await first.createAccount(name);
  await second.login(name);
  await first.expectPuppet(name);
  await second.expectPuppet(name);

  const [m1, m2] = [await first.mark(), await second.mark()];
  await first.type('say one voice');
  await first.expectText('You say, "one voice"', { after: m1 });
  await second.expectText('You say, "one voice"', { after: m2 });

  await second.type('look');
  await first.expectText('Limbo', { after: m1 });
  await second.expectText('Limbo', { after: m2 });

  // Out of character, the menu shows (docs/architecture.md#the-web-client); the other tab keeps playing, without one.
  await expect(first.menu()).toHaveCount(0);
  await first.goOoc();
  await expect(first.menu()).toBeVisible();
  await expect(first.menuItem(name)).toHaveAttribute('data-action', 'share');
  await second.expectPuppet(name);
  await expect(second.menu()).toHaveCount(0);
  await first.pickCharacter(name);
  await expect(first.menu()).toHaveCount(0);
});
