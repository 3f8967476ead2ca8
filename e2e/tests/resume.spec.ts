/**
 * Resume (issue 5 §5): a tab whose socket drops, or whose page is refreshed, comes back to its own
 * session — same sessid, login and puppet — with a private per-tab token; the room never sees it
 * leave. A session the server ended (quit) is not resumed; after a portal restart the tab comes
 * back by itself to a fresh session.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

test.use({ mode: 2 });

/** A player in the game on a character of their own, and an onlooker in the same room. */
async function seated(players: { one(): Promise<Player> }) {
  const [account, hero] = [uniqueName('Rita'), uniqueName('Hero')];
  const [watcherAccount, watcherChar] = [uniqueName('Olga'), uniqueName('Onlooker')];
  const tab = await players.one();
  await tab.createAccount(account);
  await tab.createCharacter(hero, 'A returning hero.');
  await tab.pickCharacter(hero);
  const watcher = await players.one();
  await watcher.createAccount(watcherAccount);
  await watcher.createCharacter(watcherChar);
  await watcher.pickCharacter(watcherChar);
  const sessid = await tab.sessid();
  expect(sessid).not.toBeNull();
  return { tab, watcher, hero, account, sessid };
}

test('a refreshed page resumes its session: same sessid, login, puppet and menu', async ({ players }) => {
  const { tab, watcher, hero, account, sessid } = await seated(players);
  const mark = await watcher.mark();

  await tab.reload();
  await tab.expectStatus('connected');
  expect(await tab.sessid()).toBe(sessid);
  await expect(tab.sessionPanel()).toHaveAttribute('data-account', account);
  await tab.expectPuppet(hero);
  await expect(tab.menuItem(hero)).toHaveAttribute('data-played-by', String(sessid));
  await tab.expectText(`session #${sessid} resumed`);
  await expect(tab.page.getByTestId('login-name')).toHaveCount(0);

  await tab.type('say I never left');
  await tab.expectText('You say, "I never left"');
  await watcher.expectText(`${hero} says, "I never left"`, { after: mark });
  await watcher.expectNoText(`${hero} has left the game`, { after: mark });
  // The token travels in frames only: never in the address bar.
  expect(tab.page.url()).not.toMatch(/token|resume/i);
});

test('a duplicated tab gets a session of its own; the original keeps its session', async ({ players }) => {
  const { tab, hero, sessid } = await seated(players);
  const statuses = await tab.watchStatus();
  const copy = await tab.duplicate();
  await copy.expectText('open in another tab');
  await copy.expectStatus('connected');
  await expect(copy.page.getByTestId('login-name')).toBeVisible();
  expect(await copy.sessid()).not.toBe(sessid);

  // The original never noticed: same session, same puppet, still answering.
  expect(await statuses()).toEqual(['connected']);
  expect(await tab.sessid()).toBe(sessid);
  await tab.expectPuppet(hero);
  await tab.type('say still here');
  await tab.expectText('You say, "still here"');
  // And its own token still works: a refresh resumes it.
  await tab.reload();
  await tab.expectText(`session #${sessid} resumed`);
});

test('a dropped socket reconnects by itself and resumes, with what was said meanwhile', async ({ players }) => {
  const { tab, watcher, hero, sessid } = await seated(players);
  const logs: string[] = [];
  tab.page.on('console', (message) => logs.push(message.text()));
  const mark = await watcher.mark();

  // The network goes away and the socket with it; the tab retries with backoff meanwhile.
  await tab.setOffline(true);
  await tab.dropSocket();
  await tab.expectStatus('reconnecting');
  await tab.expectText('Connection lost');
  await watcher.type('say are you there?');
  await watcher.expectText('You say, "are you there?"');
  await tab.setOffline(false);

  await tab.expectStatus('connected');
  expect(await tab.sessid()).toBe(sessid);
  await tab.expectPuppet(hero);
  // Output sent while the socket was down is delivered on resume.
  await tab.expectText(/says, "are you there\?"/);
  await tab.type('say yes');
  await watcher.expectText(`${hero} says, "yes"`, { after: mark });
  await watcher.expectNoText(`${hero} has left the game`, { after: mark });

  // A second drop works the same (the token was rotated, not spent).
  await tab.dropSocket();
  await tab.expectText(`session #${sessid} resumed`);
  await tab.expectStatus('connected');
  expect(await tab.sessid()).toBe(sessid);
  // Tokens never reach the console.
  const token = await tab.page.evaluate(() => sessionStorage.getItem('mud.resume') ?? '');
  expect(token).not.toBe('');
  const secret = (JSON.parse(token) as { token: string }).token;
  expect(logs.join('\n')).not.toContain(secret);
});

test('a session ended by quit is not resumed by a refresh', async ({ players }) => {
  const tab = await players.one();
  const account = uniqueName('Quin');
  await tab.createAccount(account);
  const sessid = await tab.sessid();
  await tab.quit();
  await tab.reload();
  await tab.expectStatus('connected');
  await expect(tab.page.getByTestId('login-name')).toBeVisible();
  expect(await tab.sessid()).not.toBe(sessid);
});

// Last in the file: it restarts this file's game (same port and data dir, as an operator would).
test('a portal restart: the tab reconnects by itself to a fresh session, and the account still logs in', async ({
  players,
  game,
}) => {
  const tab = await players.one();
  const account = uniqueName('Remy');
  await tab.createAccount(account);
  const statuses = await tab.watchStatus();

  await game.restart(); // SIGTERM: the portal closes every socket with 1001
  await tab.expectText('restarting or shutting down');
  // The backoff may be at 4 s or 8 s by the time the new portal listens.
  await tab.expectStatus('connected', 20_000);
  expect(await statuses()).toEqual(['connected', 'reconnecting', 'connected']);
  await tab.expectText('The game restarted, so your session ended.');
  await expect(tab.page.getByTestId('login-name')).toBeVisible();
  await expect(tab.sessionPanel()).toHaveAttribute('data-account', '');

  await tab.login(account);
  await expect(tab.menu()).toBeVisible();
});
