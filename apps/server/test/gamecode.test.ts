/**
 * Game code and reload (docs/architecture.md#restarting-the-game-server): a game author edits a command file, types `reload`, and the
 * change is live; server hooks run in Evennia's order and `carry` survives a reload, not a reset.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount } from '../src/testing/players.js';
import { ENGINE_ENV, ENGINE_NODE_FLAGS } from '../src/util/engineProcess.js';
import { RELAXED_LIMITS } from './support.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const GAME = fileURLToPath(new URL('../game/', import.meta.url));
const COMPILED_SERVER = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));

/**
 * The command line of the serving game server: the compiled one, as `npm start` runs it, on plain
 * node — it compiles the game module itself (src/server/gameModule.ts), no tsx loader.
 */
async function serverCommandLine(game: GameProcess): Promise<string[]> {
  return readFileSync(`/proc/${await game.pid('server')}/cmdline`, 'utf8')
    .split('\0')
    .filter(Boolean);
}

/**
 * A game module in a temp dir: the default game plus a `ping` command answering `answer` and a
 * session-level (CMDSET_SESSION) `vote` command.
 */
function writeGame(dir: string, answer: string): void {
  writeFileSync(
    join(dir, 'CmdPing.ts'),
    `import { Command } from ${JSON.stringify(join(SRC, 'commands/Command.ts'))};
export class CmdPing extends Command {
  readonly key = 'ping';
  func(): void {
    this.msg(${JSON.stringify(answer)});
  }
}
`,
  );
  // The README's "A cmdset on one session only" example, as written there (paths aside).
  writeFileSync(
    join(dir, 'vote.ts'),
    `import { CmdSet } from ${JSON.stringify(join(SRC, 'cmdsets/CmdSet.ts'))};
import { Command } from ${JSON.stringify(join(SRC, 'commands/Command.ts'))};

const VOTE = 'Vote';

/** Takes the Vote menu off the session that typed the command. */
function endVote(cmd: Command): void {
  cmd.session?.cmdsets.remove(VOTE);
}

class CmdYes extends Command {
  readonly key = 'yes';
  func(): void {
    endVote(this);
    this.msg('You voted yes.');
  }
}

class CmdNo extends Command {
  readonly key = 'no';
  func(): void {
    endVote(this);
    this.msg('You voted no.');
  }
}

/** Replace at priority 100: until the vote is cast this session has only yes and no. */
export function voteCmdSet(): CmdSet {
  return new CmdSet({ key: VOTE, priority: 100, mergeType: 'Replace', commands: [new CmdYes(), new CmdNo()] });
}

export class CmdVote extends Command {
  readonly key = 'vote';
  override readonly help = 'Vote yes or no (in this session).';
  func(): void {
    const session = this.session;
    if (!session || session.cmdsets.has(VOTE)) return;
    session.cmdsets.add(voteCmdSet());
    this.msg('Vote: |wyes|n or |wno|n?');
  }
}
`,
  );
  writeFileSync(
    join(dir, 'index.ts'),
    `import { connectionScreen } from ${JSON.stringify(join(GAME, 'connectionScreen.ts'))};
import { CmdPing } from './CmdPing.ts';
import { CmdVote, voteCmdSet } from './vote.ts';

export const game = {
  connectionScreen,
  cmdsets: {
    account: (defaults) => defaults.add(new CmdPing()),
    session: (defaults) => defaults.add(new CmdVote()),
  },
  sessionCmdSets: { Vote: voteCmdSet },
  hooks: {
    atServerStart: (game) => game.logger.warn({ hook: 'atServerStart' }, 'HOOK'),
    atServerStop: (game) => game.logger.warn({ hook: 'atServerStop' }, 'HOOK'),
    atServerColdStart: (game) => game.logger.warn({ hook: 'atServerColdStart' }, 'HOOK'),
    atServerColdStop: (game) => game.logger.warn({ hook: 'atServerColdStop' }, 'HOOK'),
    atServerReloadStop: (game) => {
      game.carry.visits = (Number(game.carry.visits) || 0) + 1;
      // Big enough that the hand-over is written to the portal over several turns of the loop.
      game.carry.blob = 'x'.repeat(4_000_000);
      game.logger.warn({ hook: 'atServerReloadStop' }, 'HOOK');
    },
    atServerReloadStart: (game) => {
      const blob = typeof game.carry.blob === 'string' ? game.carry.blob.length : 0;
      game.sessions.announceAll('carried visits=' + String(game.carry.visits) + ' blob=' + String(blob));
      game.logger.warn({ hook: 'atServerReloadStart' }, 'HOOK');
    },
    atServerShutdown: (game) => game.logger.warn({ hook: 'atServerShutdown' }, 'HOOK'),
  },
};
`,
  );
}

function hooksRun(game: GameProcess): string[] {
  return game
    .log()
    .split('\n')
    .filter((line) => line.includes('"msg":"HOOK"'))
    .map((line) => (JSON.parse(line) as { hook: string }).hook);
}

describe('game code', () => {
  it('an edited command is live after reload; hooks run in order; carry survives reload only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mud-game-'));
    writeGame(dir, 'pong v1');
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_GAME_MODULE: join(dir, 'index.ts') } });
    try {
      const admin = await createAccount(game, 'Author', 'author-secret-1');
      expect(await admin.command('ping', 'pong')).toBe('pong v1');

      // CMDSET_SESSION: `vote` is on every logged-in session, in or out of character, never on a
      // connection that has not logged in; the menu it opens replaces one session's commands.
      const reader = await createAccount(game, 'Reader', 'reader-secret-1');
      const guest = await connect(game);
      expect(await admin.command('vote', 'yes or no')).toBe('Vote: yes or no?');
      expect(await admin.command('ping', 'not available')).toContain('"ping"');
      expect(await reader.command('ping', 'pong')).toBe('pong v1');
      expect(await admin.command('yes', 'You voted')).toBe('You voted yes.');
      expect(await admin.command('ping', 'pong')).toBe('pong v1');
      await reader.command('ooc', 'You go OOC');
      expect(await reader.command('vote', 'yes or no')).toBe('Vote: yes or no?');
      expect(await reader.command('no', 'You voted')).toBe('You voted no.');
      expect(await guest.command('vote', 'not available')).toContain('"vote"');
      guest.close();

      // A session cmdset the game registered by key (`sessionCmdSets`) survives the reload.
      expect(await reader.command('vote', 'yes or no')).toBe('Vote: yes or no?');
      writeGame(dir, 'pong v2');
      let from = admin.frames.length;
      const readerFrom = reader.frames.length;
      admin.line('reload');
      await admin.waitForText('Server restarted', from, 30_000);
      await reader.waitForText('Server restarted', readerFrom, 30_000);
      expect(admin.textSince(from)).toContain('carried visits=1 blob=4000000');
      expect(await reader.command('ping', 'not available')).toContain('"ping"');
      expect(await reader.command('yes', 'You voted')).toBe('You voted yes.');
      expect(await reader.command('ping', 'pong')).toBe('pong v2');
      expect(await serverCommandLine(game)).toEqual([process.execPath, ...ENGINE_NODE_FLAGS, COMPILED_SERVER]);
      // ...with the engine's environment (memory settings, src/util/engineProcess.ts).
      const environ = readFileSync(`/proc/${await game.pid('server')}/environ`, 'utf8').split('\0');
      for (const [name, value] of Object.entries(ENGINE_ENV)) expect(environ).toContain(`${name}=${value}`);
      reader.close();
      expect(await admin.command('ping', 'pong')).toBe('pong v2');

      from = admin.frames.length;
      admin.line('reload');
      // Wait for the portal's notice too: it can arrive after the hook's announcement, and a
      // later wait for 'Server restarted' must not match this reload's notice.
      await admin.waitForText('Server restarted', from, 30_000);
      expect(admin.textSince(from)).toContain('carried visits=2 blob=4000000');

      from = admin.frames.length;
      admin.line('reset');
      await admin.waitForText('Server restarted', from, 30_000);
      expect(admin.textSince(from)).not.toContain('carried visits');

      expect(await game.stop()).toBe(0);
      expect(hooksRun(game)).toEqual([
        'atServerStart',
        'atServerColdStart',
        'atServerReloadStop',
        'atServerStop',
        'atServerStart',
        'atServerReloadStart',
        'atServerReloadStop',
        'atServerStop',
        'atServerStart',
        'atServerReloadStart',
        'atServerColdStop',
        'atServerStop',
        'atServerStart',
        'atServerColdStart',
        'atServerShutdown',
        'atServerColdStop',
        'atServerStop',
      ]);
    } finally {
      await game.stop();
    }
  }, 60_000);

  it('a reload into broken game code keeps the old game running; a reload after the fix loads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mud-game-'));
    writeGame(dir, 'pong v1');
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_GAME_MODULE: join(dir, 'index.ts') } });
    try {
      const admin = await createAccount(game, 'Author', 'author-secret-1');
      const serverPid = await game.pid('server');
      writeFileSync(join(dir, 'CmdPing.ts'), 'this is not TypeScript {');
      let from = admin.frames.length;
      admin.line('reload');
      await admin.waitForText('The reload failed', from, 30_000);
      // Nobody noticed more than the notice: the old game server still serves, old code and all.
      expect(await admin.command('ping', 'pong')).toBe('pong v1');
      expect(await game.pid('server')).toBe(serverPid);
      expect(game.log()).toContain('"incident":"restart-failed"');

      writeGame(dir, 'pong fixed');
      from = admin.frames.length;
      admin.line('reload');
      await admin.waitForText('Server restarted', from, 30_000);
      expect(await admin.command('ping', 'pong')).toBe('pong fixed');
      expect(admin.closeCode).toBeUndefined();
    } finally {
      await game.stop();
    }
  }, 60_000);
});
