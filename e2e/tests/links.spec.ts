/**
 * Links in the game's text (docs/web-terminal.md#links): an http(s) URL is a link that opens in
 * a new tab with no way back to the game's page; a `javascript:` URL is no link at all; a link a
 * player typed says so in its tooltip, a link in the game's own text does not.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

// The game's own text with a link in it: the connection screen's welcome names the server.
test.use({ mode: 0, gameEnv: { MUD_SERVER_NAME: 'Guide https://example.com/guide' } });

const tooltip = (tab: Player) => tab.page.getByTestId('terminal-link-tooltip');

/** True while xterm shows the link pointer over the terminal (it does so only over a link). */
const pointerOnLink = (tab: Player) =>
  tab.page.evaluate(() =>
    document.querySelector('[data-testid="terminal"] .xterm-screen')?.classList.contains('xterm-cursor-pointer'),
  );

test('a URL a player said opens in a new tab without an opener; a javascript: URL is no link', async ({ players }) => {
  const [speaker, listener] = await players.open(2);
  const speakerName = uniqueName('Lena');
  await speaker.createAccount(speakerName);
  await listener.createAccount(uniqueName('Milo'));
  await listener.context.route('https://example.com/**', (route) => route.fulfill({ body: 'a map' }));
  // Every window.open the page makes, with its features.
  await listener.page.evaluate(() => {
    const opened: string[][] = [];
    (window as unknown as { __opened: string[][] }).__opened = opened;
    const open = window.open.bind(window);
    window.open = (url?: string | URL, target?: string, features?: string) => {
      opened.push([String(url), target ?? '', features ?? '']);
      return open(url, target, features);
    };
  });

  await speaker.type('say try javascript:alert(document.domain) or https://example.com/map?at=3 now');
  await listener.expectText(
    `${speakerName} says, "try javascript:alert(document.domain) or https://example.com/map?at=3 now"`,
  );

  // The first page the listener's browser opens must be the map: the javascript: click opens none.
  const opened = listener.context.waitForEvent('page');
  await listener.clickTerminalText('javascript:alert');
  await expect(tooltip(listener)).toHaveCount(0);
  expect(await pointerOnLink(listener)).toBe(false);

  await listener.clickTerminalText('https://example.com/map');
  const map = await opened;
  await map.waitForLoadState();
  expect(map.url()).toBe('https://example.com/map?at=3');
  expect(await map.evaluate(() => window.opener)).toBeNull();
  expect(await listener.page.evaluate(() => (window as unknown as { __opened: string[][] }).__opened)).toEqual([
    ['https://example.com/map?at=3', '_blank', 'noopener,noreferrer'],
  ]);
  await map.close();
});

test("hovering shows the full URL; a player's link is marked as one, the game's is not", async ({ players }) => {
  const [speaker, listener] = await players.open(2);
  const speakerName = uniqueName('Nora');
  await speaker.createAccount(speakerName);
  await listener.createAccount(uniqueName('Otto'));
  await listener.expectText('Welcome to Guide https://example.com/guide');

  // The game's own link (the connection screen): the URL, no player mark.
  await listener.page.getByTestId('terminal').hover();
  await expect(tooltip(listener)).toHaveCount(0);
  await hover(listener, 'https://example.com/guide');
  await expect(tooltip(listener)).toHaveAttribute('data-from', 'game');
  await expect(tooltip(listener)).toHaveText('https://example.com/guide');
  expect(await pointerOnLink(listener)).toBe(true);

  // A player's link: marked, with the whole URL to check before clicking.
  await speaker.type('pose points at https://example.com/a/long/path?q=1');
  await listener.expectText(`${speakerName} points at https://example.com/a/long/path?q=1`);
  await listener.page.mouse.move(0, 0);
  await expect(tooltip(listener)).toHaveCount(0);
  await hover(listener, 'https://example.com/a/long');
  await expect(tooltip(listener)).toHaveAttribute('data-from', 'player');
  await expect(tooltip(listener)).toContainText('Link from a player');
  await expect(tooltip(listener)).toContainText('https://example.com/a/long/path?q=1');
  // And its own line in the speaker's tab is marked too (a pose shows the speaker's text).
  await hover(speaker, 'https://example.com/a/long');
  await expect(tooltip(speaker)).toHaveAttribute('data-from', 'player');
});

/** Moves the mouse onto the start of `text` where the terminal shows it (the newest on screen). */
async function hover(tab: Player, text: string): Promise<void> {
  const box = await tab.page.evaluate((needle) => {
    const rows = Array.from(document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div'));
    const row = rows.reverse().find((r) => r.textContent?.includes(needle));
    if (!row) return null;
    // The row's spans hold its text: find the first character of `needle` in them.
    let at = row.textContent?.indexOf(needle) ?? 0;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (at < length) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
      at -= length;
    }
    return null;
  }, text);
  expect(box, `terminal to show ${text} on screen`).not.toBeNull();
  if (box === null) return;
  // xterm looks for links on mouse moves between cells.
  await tab.page.mouse.move(box.x - 20, box.y);
  await tab.page.mouse.move(box.x, box.y, { steps: 2 });
}
