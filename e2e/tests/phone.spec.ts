/**
 * Text fits a phone (issue 18 item 1): on a 390x800 screen the server wraps the connection screen
 * and `who` to the terminal's own columns (docs/sessions.md#screen-width), so no line is wider
 * than the terminal and no word is broken across two lines.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

const PHONE = { width: 390, height: 800 };
const WIDE = { width: 1600, height: 900 };

/** The words of `text`, a rule (`=====`, cut to the width) counted as one word whatever its length. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => (/^(.)\1{5,}$/.test(word) ? `<rule ${word[0]}>` : word));
}

/** Lines of the terminal wider than its columns. */
async function overlong(tab: Player): Promise<string[]> {
  const cols = await tab.terminalCols();
  return (await tab.terminalText()).split('\n').filter((line) => [...line].length > cols);
}

/** The terminal's text from line `from` on. */
async function textAfter(tab: Player, from: number): Promise<string> {
  return (await tab.terminalText()).split('\n').slice(from).join('\n');
}

test('on a 390x800 phone the connection screen and `who` fit: no long line, no broken word', async ({ players }) => {
  const wide = await players.one({ viewport: WIDE });
  await wide.expectText('create <username> <password>');
  const phone = await players.one({ viewport: PHONE });
  await phone.expectText('create <username> <password>');
  const cols = await phone.terminalCols();
  expect(cols).toBeLessThan(60);
  expect(await wide.terminalCols()).toBeGreaterThan(100);

  // The same words as a wide screen shows, each whole on one line.
  expect(await overlong(phone)).toEqual([]);
  expect(words(await phone.terminalText())).toEqual(words(await wide.terminalText()));

  const account = uniqueName('Pip');
  await wide.createAccount(uniqueName('Wade'));
  await phone.createAccount(account);
  const wideMark = await wide.mark();
  const phoneMark = await phone.mark();
  await wide.type('who');
  await phone.type('who');
  await wide.expectText(/accounts? logged in\./, { after: wideMark });
  await phone.expectText(/accounts? logged in\./, { after: phoneMark });
  const phoneWho = await textAfter(phone, phoneMark);
  const wideWho = words(await textAfter(wide, wideMark));
  expect(await overlong(phone)).toEqual([]);
  expect(words(phoneWho)).toContain(account);
  // A narrow table cuts long cells with "~" (docs/sessions.md#screen-width); any other word but
  // the counts and times (which differ between the two tables) is one the wide table shows too:
  // none was broken across lines.
  const broken = words(phoneWho).filter(
    (word) => !word.endsWith('~') && !/^\d+[smhd]?$/.test(word) && !wideWho.includes(word),
  );
  expect(broken, phoneWho).toEqual([]);
  expect(phoneWho).toMatch(/\d+ unique accounts? logged in\./);
});
