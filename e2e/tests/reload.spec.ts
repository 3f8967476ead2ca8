/**
 * A game server restart seen from the browser (docs/architecture.md#restarting-the-game-server): `reload` by the superuser, or a crashed
 * game server restarted by the portal, shows notices only — the socket, the session, the login and
 * the puppet stay, and the status never leaves `connected`.
 */
import { expect, type Player, test, uniqueName } from '../kit/index.js';

const ROOT = { name: 'Root', password: 'root-e2e-secret-9' };
test.use({ gameEnv: { MUD_SUPERUSER_NAME: ROOT.name, MUD_SUPERUSER_PASSWORD: ROOT.password } });

/** The same session, on the same puppet (or OOC), and it still answers commands. */
async function expectSeatKept(tab: Player, sessid: number | null, puppet: string | null) {
  expect(await tab.sessid()).toBe(sessid);
  await tab.expectPuppet(puppet);
  const mark = await tab.mark();
  await tab.type(puppet === null ? 'who' : 'say still here');
  await tab.expectText(puppet === null ? 'logged in.' : 'You say, "still here"', { after: mark });
}

test('reload and a crashed game server are notices only', async ({ players, game }) => {
  const [admin, player] = await players.open(2);
  // The boot-time superuser has no character: it stays OOC.
  await admin.login(ROOT.name, ROOT.password);
  await admin.expectPuppet(null);
  const name = uniqueName('Pia');
  await player.createAccount(name);
  await player.expectPuppet(name);
  const [adminSessid, playerSessid] = [await admin.sessid(), await player.sessid()];
  const [adminStatus, playerStatus] = [await admin.watchStatus(), await player.watchStatus()];

  // reload: typed by the superuser.
  let marks = [await admin.mark(), await player.mark()];
  await admin.type('reload');
  for (const [i, tab] of [admin, player].entries()) {
    await tab.expectText('Server restart initiated', { after: marks[i] });
    await tab.expectText('Server restarted', { after: marks[i], timeout: 30_000 });
  }
  await expectSeatKept(admin, adminSessid, null);
  await expectSeatKept(player, playerSessid, name);

  // A crash: the portal restarts the game server and the sessions are restored.
  marks = [await admin.mark(), await player.mark()];
  process.kill(await game.pid('server'), 'SIGKILL');
  for (const [i, tab] of [admin, player].entries()) {
    await tab.expectText('The game server stopped unexpectedly', { after: marks[i] });
  }
  await game.waitForServer('up');
  await expectSeatKept(player, playerSessid, name);
  await expectSeatKept(admin, adminSessid, null);

  expect(await adminStatus()).toEqual(['connected']);
  expect(await playerStatus()).toEqual(['connected']);
});
