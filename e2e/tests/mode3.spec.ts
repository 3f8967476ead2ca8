/**
 * MULTISESSION_MODE 3 in the browser (docs/sessions.md#multisession-modes): two tabs share one character (its input and
 * output), while a third tab plays another character, unaffected.
 */
import { expect, test, uniqueName } from '../kit/index.js';

test.use({ mode: 3 });

test('two tabs share a character while a third plays another', async ({ players }) => {
  const account = uniqueName('Sigrid');
  const [dora, erin] = [uniqueName('Dora'), uniqueName('Erin')];
  const [first, second, third] = await players.open(3);
  await first.createAccount(account);
  await first.createCharacter(dora);
  await first.createCharacter(erin);
  await second.login(account);
  await third.login(account);

  await first.pickCharacter(dora);
  await expect(second.menuItem(dora)).toHaveAttribute('data-action', 'share');
  await second.pickCharacter(dora);
  await second.expectText(`Sharing ${dora} with another of your sessions.`);
  await third.pickCharacter(erin);
  // Both sharers stay on Dora; every menu shows two sessions on her.
  await first.expectPuppet(dora);
  for (const tab of [first, second, third]) {
    await expect
      .poll(async () => (await tab.menuItem(dora).getAttribute('data-played-by'))?.split(' ').length, {
        intervals: [50, 100, 200],
      })
      .toBe(2);
  }

  const [m1, m2, m3] = [await first.mark(), await second.mark(), await third.mark()];
  await second.type('say shared voice');
  await first.expectText('You say, "shared voice"', { after: m1 });
  await second.expectText('You say, "shared voice"', { after: m2 });
  await third.expectText(`${dora} says, "shared voice"`, { after: m3 });
  await third.type('say my own voice');
  await third.expectText('You say, "my own voice"', { after: m3 });
  await first.expectText(`${erin} says, "my own voice"`, { after: m1 });
  await third.expectNoText('You say, "shared voice"', { after: m3 });
});
