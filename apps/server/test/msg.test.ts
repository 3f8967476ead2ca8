/**
 * The msg() API over real sockets (docs/sessions.md#message-routing), in mode 3 where two
 * sessions share a character: game code sends a prompt and OOB commands, and picks one session
 * with `{ session }` or other objects with `{ toObj }`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccount, login } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const GAME = fileURLToPath(new URL('../game/', import.meta.url));
const COMMAND = JSON.stringify(join(SRC, 'commands/Command.ts'));
const COMMAND_IMPORT = "'../../src/commands/Command.js'";

/** The README's TypeScript block holding `needle`. */
function readmeExample(needle: string): string {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes(needle));
  if (!block?.includes(COMMAND_IMPORT)) throw new Error(`no README example with ${needle} importing Command`);
  return block;
}

/** The default game plus the README's `score` example (paths aside) and commands that route. */
function writeGame(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mud-msg-'));
  // The README's "A prompt and OOB data" example, read from the README itself (paths aside).
  writeFileSync(join(dir, 'CmdScore.ts'), readmeExample('class CmdScore').replace(COMMAND_IMPORT, COMMAND));
  writeFileSync(
    join(dir, 'routing.ts'),
    `import { Command } from ${COMMAND};

/** "whisper 7=hi": character.msg to one of the sessions puppeting the character. */
export class CmdWhisper extends Command {
  readonly key = 'whisper';
  func(): void {
    const [session] = this.ctx.character?.sessions.get(Number(this.lhs)) ?? [];
    if (session) this.ctx.character?.msg(this.rhs, { session, fromObj: this.ctx.character });
  }
}

/** "aside 7=hi": command.msg to one session of the account. */
export class CmdAside extends Command {
  readonly key = 'aside';
  func(): void {
    const [session] = this.ctx.account?.sessions.get(Number(this.lhs)) ?? [];
    if (session) this.msg(this.rhs, { session });
  }
}

/** "tellall hi": command.msg to the whole account instead of the command's route. */
export class CmdTellAll extends Command {
  readonly key = 'tellall';
  func(): void {
    this.msg(this.args, { toObj: this.ctx.account });
  }
}
`,
  );
  writeFileSync(
    join(dir, 'index.ts'),
    `import { connectionScreen } from ${JSON.stringify(join(GAME, 'connectionScreen.ts'))};
import { CmdScore } from './CmdScore.ts';
import { CmdAside, CmdTellAll, CmdWhisper } from './routing.ts';
import { ServerSession } from ${JSON.stringify(join(SRC, 'session/ServerSession.ts'))};

/** Every message ends in its session's msg: this one names who sent it, when someone did. */
class TaggingSession extends ServerSession {
  override msg(text, kwargs = {}) {
    const from = kwargs.fromObj?.name;
    super.msg(text !== undefined && typeof from === 'string' ? text + ' [from ' + from + ']' : text, kwargs);
  }
}

export const game = {
  connectionScreen,
  sessionClass: TaggingSession,
  cmdsets: {
    character: (defaults) => defaults.add(new CmdScore()).add(new CmdWhisper()),
    account: (defaults) => defaults.add(new CmdAside()).add(new CmdTellAll()),
  },
};
`,
  );
  return join(dir, 'index.ts');
}

const suite = gameSuite({ MUD_MULTISESSION_MODE: '3', MUD_GAME_MODULE: writeGame() });
const track = (c: TestClient) => suite.track(c);
const sessid = (c: TestClient) => c.last('session')?.[2].sessid ?? 0;

describe('msg()', () => {
  it('prompts, OOB commands, { session } and { toObj } reach the right sessions', async () => {
    const s1 = track(await createAccount(suite.game, 'Mira', 'mira-secret-1'));
    await s1.command('charcreate Dora', 'Created new character Dora');
    const s2 = track(await login(suite.game, 'Mira', 'mira-secret-1'));
    const ooc = track(await login(suite.game, 'Mira', 'mira-secret-1'));
    await s1.command('ic Dora', 'You become Dora');
    await s2.command('ic Dora', 'Sharing Dora');

    // A prompt and an OOB command sent by game code arrive as their frames, after the text, in
    // every session sharing the character (command.msg in mode 3), and not in the OOC one.
    let [f1, f2, f3] = [s1.frames.length, s2.frames.length, ooc.frames.length];
    s1.line('score');
    for (const [client, from] of [
      [s1, f1],
      [s2, f2],
    ] as const) {
      const prompt = await client.waitForFrame('prompt', from);
      expect(prompt).toEqual(['prompt', ['HP 20> '], {}]);
      expect(await client.waitForFrame('oob', from)).toEqual(['oob', ['vitals', [20]], { max: 20 }]);
      const kinds = client.frames.slice(from).map((f) => f[0]);
      expect(kinds.indexOf('text')).toBeLessThan(kinds.indexOf('prompt'));
      expect(kinds.indexOf('prompt')).toBeLessThan(kinds.indexOf('oob'));
      expect(client.textSince(from)).toContain('You have 20 hit points.');
    }

    // character.msg(x, { session }): only that one of the two sessions puppeting Dora.
    s1.line(`whisper ${sessid(s2)}=psst, session two`);
    await s2.waitForText('psst, session two', f2);
    // command.msg(x, { session }): in mode 3 the sharer would hear it; here only session two.
    s1.line(`aside ${sessid(s2)}=aside to two`);
    await s2.waitForText('aside to two', f2);
    // command.msg(x, { toObj: account }): every session of the account, the OOC one too.
    s1.line('tellall to all of you');
    for (const [client, from] of [
      [s1, f1],
      [s2, f2],
      [ooc, f3],
    ] as const) {
      await client.waitForText('to all of you', from);
    }
    // Output to a session keeps its order: had s1 been sent the whisper or the aside, it would
    // have come before "to all of you".
    expect(s1.textSince(f1)).not.toContain('psst');
    expect(s1.textSince(f1)).not.toContain('aside to two');
    expect(ooc.textSince(f3)).not.toContain('psst');
    expect(ooc.frames.slice(f3).some((f) => f[0] === 'prompt' || f[0] === 'oob')).toBe(false);

    // fromObj reaches the game's session class, which sees every message: the whisper named
    // its sender above, and say names the speaker to the sharers and to the room alike.
    expect(await s2.waitForText('psst', f2)).toBe('psst, session two [from Dora]');
    expect(s2.textSince(f2)).toContain('to all of you');
    expect(s2.textSince(f2)).not.toContain('to all of you [from');
    const ooc2 = track(await login(suite.game, 'Mira', 'mira-secret-1'));
    await ooc2.command('charcreate Erin', 'Created new character Erin');
    await ooc2.command('ic Erin', 'You become Erin');
    // Room chatter still reaches both sharers and the room (options.chatter, fromObj passed on).
    [f1, f2] = [s1.frames.length, s2.frames.length];
    const f4 = ooc2.frames.length;
    s2.line('say still shared');
    expect(await s1.waitForText('You say', f1)).toBe('You say, "still shared" [from Dora]');
    expect(await s2.waitForText('You say', f2)).toBe('You say, "still shared" [from Dora]');
    expect(await ooc2.waitForText('Dora says', f4)).toBe('Dora says, "still shared" [from Dora]');
  }, 60_000);
});
