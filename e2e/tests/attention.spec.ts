/**
 * A background tab tells its player when they are addressed (docs/architecture.md#unread-and-notifications):
 * `(N) ` before the title and a badge on the icon, gone when the tab is seen again; browser
 * notifications only once the player turns them on, which is when permission is asked.
 */
import type { Page } from '@playwright/test';
import { expect, type Player, test, uniqueName } from '../kit/index.js';

declare global {
  interface Window {
    __permissionAsks?: number;
    __notified?: { title: string; body: string }[];
  }
}

/** Headless Chromium's tabs are always visible: the page is told it is hidden, as a tab switch would. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((hide) => {
    if (hide) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    else Reflect.deleteProperty(document, 'visibilityState');
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** Counts calls of Notification.requestPermission and records notifications shown, from the first script on. */
async function spyOnNotifications(player: Player): Promise<void> {
  await player.context.addInitScript(() => {
    window.__permissionAsks = 0;
    window.__notified = [];
    const Real = window.Notification;
    const ask = Real.requestPermission.bind(Real);
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.__notified?.push({ title, body: options?.body ?? '' });
      }
      static override requestPermission(...args: Parameters<typeof Real.requestPermission>) {
        window.__permissionAsks = (window.__permissionAsks ?? 0) + 1;
        return ask(...args);
      }
    }
    window.Notification = Spy;
  });
  await player.reload();
  await player.expectStatus('connected');
}

async function twoPlayers(players: { open(n: 2): Promise<[Player, Player]> }) {
  const [speaker, listener] = await players.open(2);
  const [speakerName, listenerName] = [uniqueName('Sayer'), uniqueName('Hearer')];
  await speaker.createAccount(speakerName);
  await listener.createAccount(listenerName);
  await speaker.expectPuppet(speakerName);
  await listener.expectPuppet(listenerName);
  return { speaker, listener, speakerName, listenerName };
}

test('a hidden tab counts the lines that name its character, and forgets them when seen', async ({ players }) => {
  const { speaker, listener, listenerName } = await twoPlayers(players);
  const title = await listener.page.title();
  await setHidden(listener.page, true);

  // Not addressed: no count.
  let mark = await listener.mark();
  await speaker.type('say nobody in particular');
  await listener.expectText('says, "nobody in particular"', { after: mark });
  expect(await listener.page.title()).toBe(title);

  // Named, in another case: one.
  mark = await listener.mark();
  await speaker.type(`say hello ${listenerName.toLowerCase()}, are you there?`);
  await listener.expectText('are you there?', { after: mark });
  await expect(listener.page).toHaveTitle(`(1) ${title}`);
  await expect(listener.page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/png;base64,/);

  mark = await listener.mark();
  await speaker.type(`say ${listenerName}!`);
  await listener.expectText(`"${listenerName}!"`, { after: mark });
  await expect(listener.page).toHaveTitle(`(2) ${title}`);

  await setHidden(listener.page, false);
  await expect(listener.page).toHaveTitle(title);
  await expect(listener.page.locator('link[rel="icon"]')).toHaveAttribute('href', 'data:,');

  // A visible tab counts nothing.
  mark = await listener.mark();
  await speaker.type(`say ${listenerName} again`);
  await listener.expectText(`${listenerName} again`, { after: mark });
  expect(await listener.page.title()).toBe(title);
});

test('notification permission is asked only when the player turns notifications on', async ({ players }) => {
  const { speaker, listener, listenerName } = await twoPlayers(players);
  await listener.context.grantPermissions(['notifications']);
  await spyOnNotifications(listener);
  await listener.expectPuppet(listenerName);
  expect(await listener.page.evaluate(() => window.__permissionAsks)).toBe(0);

  // Addressed while notifications are off: counted, not notified.
  await setHidden(listener.page, true);
  let mark = await listener.mark();
  await speaker.type(`say quiet ${listenerName}`);
  await listener.expectText(`quiet ${listenerName}`, { after: mark });
  await expect(listener.page).toHaveTitle(/^\(1\) /);
  expect(await listener.page.evaluate(() => window.__notified)).toEqual([]);
  await setHidden(listener.page, false);

  await listener.page.getByTestId('settings-button').click();
  const notify = listener.page.getByTestId('settings-notify');
  await expect(notify).not.toBeChecked();
  // Not `check()`: the box turns on only once the browser has answered the permission request,
  // after the click returns (a loaded machine shows the gap).
  await notify.click();
  await expect(notify).toBeChecked();
  expect(await listener.page.evaluate(() => window.__permissionAsks)).toBe(1);

  await setHidden(listener.page, true);
  mark = await listener.mark();
  await speaker.type(`say loud ${listenerName}`);
  await listener.expectText(`loud ${listenerName}`, { after: mark });
  await expect
    .poll(() => listener.page.evaluate(() => window.__notified))
    .toEqual([{ title: listenerName, body: expect.stringContaining(`says, "loud ${listenerName}"`) }]);

  // The choice is kept: after a reload, nothing is asked again on load.
  await setHidden(listener.page, false);
  await listener.reload();
  await listener.expectStatus('connected');
  await listener.page.getByTestId('settings-button').click();
  await expect(listener.page.getByTestId('settings-notify')).toBeChecked();
  expect(await listener.page.evaluate(() => window.__permissionAsks)).toBe(0);
});

test('when the browser refuses notifications, the setting stays off and the panel says why', async ({ players }) => {
  const player = await players.one();
  await player.context.addInitScript(() => {
    // The player dismissed or blocked the browser's question.
    Notification.requestPermission = () => Promise.resolve('denied');
  });
  await player.reload();
  await player.expectStatus('connected');
  await player.page.getByTestId('settings-button').click();
  const notify = player.page.getByTestId('settings-notify');
  await notify.click();
  await expect(player.page.getByTestId('settings-note')).toContainText('blocks notifications');
  await expect(notify).not.toBeChecked();
  expect(await player.page.evaluate(() => localStorage.getItem('mud.settings'))).toBeNull();
});
