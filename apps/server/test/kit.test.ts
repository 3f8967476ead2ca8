/**
 * The test kit (`@mud/server/testing`) drives any game, not only the default one: it connects,
 * creates accounts and logs in by the protocol's frames, so a game with its own connection screen
 * and without the typed `connect` / `create` commands is tested the same way (issue 11).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@mud/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createAccount,
  GameProcess,
  LoginRefused,
  login,
  passwordFor,
  type TestClient,
  uniqueName,
} from '../src/testing/index.js';
import { RELAXED_LIMITS } from './support.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const SCREEN = 'The gate of Elsewhere. Speak, friend, and enter.';

/** A game whose connection screen is its own and whose unlogged-in commands are gone. */
function writeGame(dir: string): string {
  const file = join(dir, 'index.ts');
  writeFileSync(
    file,
    `import { CmdSet } from ${JSON.stringify(join(SRC, 'cmdsets/CmdSet.ts'))};
export const game = {
  connectionScreen: () => ${JSON.stringify(SCREEN)},
  cmdsets: { unloggedin: () => new CmdSet({ key: 'Gate', commands: [] }) },
};
`,
  );
  return file;
}

describe('the test kit on a game with its own connection screen', () => {
  let game: GameProcess;
  const open: TestClient[] = [];
  const track = (client: TestClient) => {
    open.push(client);
    return client;
  };
  beforeAll(async () => {
    const module = writeGame(mkdtempSync(join(tmpdir(), 'mud-kit-')));
    game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_GAME_MODULE: module } });
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await game?.stop();
  });

  it('connects, creates an account and logs in', async () => {
    const guest = track(await connect(game));
    await guest.waitForText(SCREEN);
    expect(guest.text()).not.toContain('connect <username> <password>');
    expect(guest.last('session')?.[2].loggedIn).toBe(false);

    const name = uniqueName('Gate');
    const created = track(await createAccount(game, name, passwordFor(name)));
    expect(created.last('session')?.[2]).toMatchObject({ loggedIn: true, account: name });
    created.close();
    await created.closed;

    const back = track(await login(game, name, passwordFor(name)));
    expect(back.last('session')?.[2]).toMatchObject({ loggedIn: true, account: name });
  });

  it('rejects with the error frame’s code when the game refuses', async () => {
    const name = uniqueName('Gate');
    await expect(login(game, name, passwordFor(name))).rejects.toMatchObject({
      name: LoginRefused.name,
      code: ErrorCode.LoginFailed,
    });
    track(await createAccount(game, name, passwordFor(name)));
    await expect(createAccount(game, name.toUpperCase(), passwordFor(name))).rejects.toMatchObject({
      code: ErrorCode.NameTaken,
    });
    await expect(createAccount(game, 'x', 'whatever-pw-1')).rejects.toMatchObject({ code: ErrorCode.InvalidName });
  });
});
