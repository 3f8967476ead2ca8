/**
 * Step-by-step character creation, as the seed's example of a session-level cmdset: in modes 2
 * and 3 an account may have several sessions, so the creation menu is put on the session that
 * asked for it — its other sessions keep playing with their normal commands.
 *
 * The cmdset is a Replace at high priority: while it is on, this session has only these commands.
 */
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';
import { Command } from '../Command.js';
import type { GameSession } from '../GameServices.js';
import { announceCreated } from './announceCreated.js';
import { CmdHelp } from './CmdHelp.js';
import { CmdQuit } from './CmdQuit.js';

export const CHARGEN_KEY = 'CharGen';

interface Draft {
  name?: string;
  description?: string;
}

/** The draft lives in the menu's own state, so it survives a `reload` with the menu. */
function draftOf(session: GameSession): Draft {
  const set = session.cmdsets.get(CHARGEN_KEY);
  if (!set) return {};
  set.state ??= {};
  return set.state as Draft;
}

function stopCharGen(session: GameSession): void {
  session.cmdsets.remove(CHARGEN_KEY);
}

function progress(draft: Draft): string {
  return [
    '|wCharacter creation|n (this session only; your other sessions keep playing)',
    `  name: ${draft.name ? `|c${escapeMarkup(draft.name)}|n` : '(not set)'}`,
    `  description: ${draft.description ? escapeMarkup(draft.description) : '(not set)'}`,
    'Commands: |wname <name>|n, |wdesc <text>|n, |wlook|n, |wdone|n, |wabort|n, |wquit|n.',
  ].join('\n');
}

class CmdCharGenName extends Command {
  readonly key = 'name';
  override readonly help = 'Choose the name.\n\nUsage:\n  name <name>';
  func(): void {
    const session = this.ctx.session;
    if (!session) return;
    const name = sanitizePlayerText(this.args).trim();
    if (!name) {
      this.msg('Usage: name <name>', { session: this.session });
      return;
    }
    draftOf(session).name = name;
    this.msg(progress(draftOf(session)), { session: this.session });
  }
}

class CmdCharGenDesc extends Command {
  readonly key = 'desc';
  override readonly aliases = ['describe'];
  override readonly help = 'Describe the character.\n\nUsage:\n  desc <text>';
  func(): void {
    const session = this.ctx.session;
    if (!session) return;
    draftOf(session).description = sanitizePlayerText(this.args).trim();
    this.msg(progress(draftOf(session)), { session: this.session });
  }
}

class CmdCharGenLook extends Command {
  readonly key = 'look';
  override readonly aliases = ['l'];
  func(): void {
    if (this.ctx.session) this.msg(progress(draftOf(this.ctx.session)), { session: this.session });
  }
}

class CmdCharGenDone extends Command {
  readonly key = 'done';
  override readonly aliases = ['finish'];
  override readonly help = 'Create the character and leave character creation.';
  async func(): Promise<void> {
    const { session, account, game } = this.ctx;
    if (!session || !account) return;
    const draft = draftOf(session);
    if (!draft.name) {
      this.msg('Choose a name first: |wname <name>|n', { session: this.session });
      return;
    }
    const result = await game.world.createCharacter(
      account,
      draft.name,
      draft.description ?? '',
      game.settings.maxNrCharacters,
    );
    if (!result.ok) {
      this.msg(`|r${result.reason}|n`);
      return;
    }
    stopCharGen(session);
    announceCreated(this, result.value);
  }
}

class CmdCharGenAbort extends Command {
  readonly key = 'abort';
  override readonly aliases = ['cancel'];
  override readonly help = 'Leave character creation without creating anything.';
  func(): void {
    if (!this.ctx.session) return;
    stopCharGen(this.ctx.session);
    this.msg('Character creation aborted.', { session: this.session });
  }
}

export function charGenCmdSet(): CmdSet<Command> {
  return new CmdSet({
    key: CHARGEN_KEY,
    priority: 100,
    mergeType: 'Replace',
    commands: [
      new CmdCharGenName(),
      new CmdCharGenDesc(),
      new CmdCharGenLook(),
      new CmdCharGenDone(),
      new CmdCharGenAbort(),
      // A Replace set hides the account's commands: a player in the menu must still be able to leave.
      new CmdQuit(),
      new CmdHelp(),
    ],
  });
}

/** Puts the creation menu on the session that typed `cmd`, and shows it (as the command's result). */
export function startCharGen(cmd: Command): void {
  const session = cmd.ctx.session;
  if (!session) return;
  if (!session.cmdsets.has(CHARGEN_KEY)) session.cmdsets.add(charGenCmdSet());
  cmd.msg(progress(draftOf(session)), { session });
}
