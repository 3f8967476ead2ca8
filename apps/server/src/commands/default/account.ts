/**
 * The account (OOC) commands available once logged in (docs/architecture.md#default-commands; Evennia's AccountCmdSet).
 * Characters, `ic` and `ooc` arrive with the multisession issue.
 */
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { formatDuration, table } from '../../text/format.js';
import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';
import { Command } from '../Command.js';
import type { QuestionAnswer } from '../GameServices.js';
import { describeAccount } from '../views.js';
import { CmdBoot, CmdReload, CmdReset, CmdShutdown } from './admin.js';
import { announceCreated } from './announceCreated.js';
import { CmdHelp } from './CmdHelp.js';
import { CmdPerm } from './CmdPerm.js';
import { CmdQuit } from './CmdQuit.js';
import { startCharGen } from './chargen.js';
import { answerConnectPassword, CONNECT_PASSWORD } from './unloggedin.js';

export class CmdOOCLook extends Command {
  readonly key = 'look';
  override readonly aliases = ['l', 'ls'];
  override readonly help = 'Show your account, its sessions and your characters.';

  async func(): Promise<void> {
    const { account } = this.ctx;
    if (!account) return;
    // Marks this session with `*` and says whether it is in character: about this session.
    // About this session (its `*`, its puppet): not mirrored to the others in mode 1.
    this.msg(describeAccount(this.ctx, await this.ctx.game.world.charactersOf(account.id)), { session: this.session });
  }
}

export class CmdCharCreate extends Command {
  readonly key = 'charcreate';
  override readonly help =
    'Create a character.\n\nUsage:\n  charcreate <name> [= description]\n  charcreate      (step by step, in this session only)';

  async func(): Promise<void> {
    const { account, session, game } = this.ctx;
    if (!account) return;
    if (!this.args) {
      if (session) startCharGen(this);
      return;
    }
    const result = await game.world.createCharacter(
      account,
      sanitizePlayerText(this.lhs),
      sanitizePlayerText(this.rhs ?? ''),
      game.settings.maxNrCharacters,
    );
    if (!result.ok) {
      this.msg(`|r${result.reason}|n`);
      return;
    }
    announceCreated(this, result.value);
  }
}

export class CmdCharDelete extends Command {
  readonly key = 'chardelete';
  override readonly help = 'Delete one of your characters, for good (asks to confirm).\n\nUsage:\n  chardelete <name>';

  async func(): Promise<void> {
    const { account, session, game } = this.ctx;
    if (!account || !session) return;
    if (!this.args) {
      this.msg('Usage: chardelete <name>');
      return;
    }
    const character = (await game.world.charactersOf(account.id)).find(
      (c) => c.name.toLowerCase() === this.args.toLowerCase(),
    );
    if (!character) {
      this.msg(`You have no character named "${escapeMarkup(sanitizePlayerText(this.args))}".`);
      return;
    }
    // Asked by key, so the question survives a reload (`confirmCharDelete` answers it). Its
    // answers route like this command's output (docs/sessions.md#message-routing: every session
    // of the account in mode 1); only the question is for the asked session alone.
    game.ask(
      session,
      `This will permanently destroy |c${escapeMarkup(character.name)}|n. This cannot be undone. Continue yes/[no]?`,
      { key: CHARDELETE_CONFIRM, data: { characterId: character.id } },
    );
  }
}

export const CHARDELETE_CONFIRM = 'chardelete-confirm';

/** Answers `chardelete`'s question; `data.characterId` is the character to delete. */
export const confirmCharDelete: QuestionAnswer = async (line, data, { game, session, msg }) => {
  const account = session.account;
  if (!account) return;
  const character = (await game.world.charactersOf(account.id)).find((c) => c.id === data.characterId);
  if (!character) {
    msg('That character no longer exists.');
    return;
  }
  const name = escapeMarkup(character.name);
  if (!['yes', 'y'].includes(line.trim().toLowerCase())) {
    msg(`|c${name}|n was not deleted.`);
    return;
  }
  if (character.sessions.count() > 0) {
    msg(`|c${name}|n is being played; go OOC with it first.`);
    return;
  }
  await game.world.deleteCharacter(character);
  msg(`|c${name}|n was destroyed.`);
  game.menuChanged(account);
};

/** The engine's own saved questions, by key (a game adds its own in `GameDefinition.questions`). */
export const defaultQuestions: Record<string, QuestionAnswer> = {
  [CHARDELETE_CONFIRM]: confirmCharDelete,
  [CONNECT_PASSWORD]: answerConnectPassword,
};

export class CmdIC extends Command {
  readonly key = 'ic';
  override readonly aliases = ['puppet'];
  override readonly help =
    'Enter the game as one of your characters.\n\nUsage:\n  ic <name>\n  ic        (the character you played last)';

  async func(): Promise<void> {
    const { account, session, game } = this.ctx;
    if (!account || !session) return;
    const wanted = this.args.trim();
    // Evennia's CmdIC: with no argument, the account's last puppet (`account.db._last_puppet`).
    const last =
      !wanted && account.lastPuppetId !== null ? await game.world.character(account.lastPuppetId) : undefined;
    if (!wanted && !last) {
      this.msg('Usage: ic <character>');
      return;
    }
    const mine = await game.world.charactersOf(account.id);
    const character =
      last ??
      mine.find((c) => c.name.toLowerCase() === wanted.toLowerCase()) ??
      (account.isSuperuser ? await game.world.characterByName(wanted) : undefined);
    if (!character) {
      this.msg(`That is not a valid character choice: "${escapeMarkup(sanitizePlayerText(wanted))}".`);
      return;
    }
    const result = await game.puppets.puppet(session, character);
    if (!result.ok) this.msg(`|r${result.reason}|n`);
  }
}

export class CmdOOC extends Command {
  readonly key = 'ooc';
  override readonly aliases = ['unpuppet'];
  override readonly help = 'Leave your character and go out of character.\n\nUsage:\n  ooc';

  async func(): Promise<void> {
    const { account, session, game } = this.ctx;
    if (!account || !session) return;
    if (!game.puppets.unpuppet(session)) {
      this.msg('You are already OOC.');
      return;
    }
    // The account view marks this session and says it is now "(out of character)": it describes
    // the typing session, so in mode 1 it is not mirrored to sessions still in character
    // (docs/sessions.md#multisession-modes).
    this.msg(describeAccount(this.ctx, await game.world.charactersOf(account.id)), { session: this.session });
  }
}

export class CmdWho extends Command {
  readonly key = 'who';
  override readonly aliases = ['doing'];
  override readonly help = 'List who is online.\n\nUsage:\n  who';

  func(): void {
    const now = Date.now();
    const admin = this.ctx.account?.isSuperuser === true;
    const sessions = this.ctx.game.sessions.loggedIn().sort((a, b) => a.sessid - b.sessid);
    const headers = admin
      ? ['Account', 'On for', 'Idle', 'Puppeting', 'Room', 'Cmds', 'Protocol', 'Address']
      : ['Account', 'On for', 'Idle', 'Puppeting', 'Protocol'];
    const rows = sessions.map((s) => {
      const base = [
        escapeMarkup(s.account?.name ?? '?'),
        formatDuration(now - s.connTime),
        formatDuration(now - s.cmdLastVisible),
        s.puppet ? escapeMarkup(s.puppet.name) : '-',
      ];
      // Everyone sees how each player is connected (websocket, telnet, telnet/tls, ssh); only an
      // admin sees where from.
      return admin
        ? [...base, escapeMarkup(s.puppet?.location?.name ?? '-'), String(s.cmdTotal), s.protocolKey, s.address]
        : [...base, s.protocolKey];
    });
    const count = new Set(sessions.map((s) => s.account?.id)).size;
    // Fitted to the asker's screen (docs/sessions.md#screen-width).
    const width = this.session?.width;
    this.msg(`${table(headers, rows, width)}\n${count} unique account${count === 1 ? '' : 's'} logged in.`);
  }
}

export class CmdSessions extends Command {
  readonly key = 'sessions';
  override readonly help = "List your account's connected sessions.\n\nUsage:\n  sessions";

  func(): void {
    const { account, session } = this.ctx;
    if (!account) return;
    const rows = account.sessions
      .all()
      .map((s) => [
        `${s.sessid}${s === session ? '*' : ''}`,
        s.protocolKey,
        s.address,
        s.puppet ? escapeMarkup(s.puppet.name) : '-',
        escapeMarkup(s.puppet?.location?.name ?? '-'),
      ]);
    // The `*` marks the typing session: the listing is about it, so mode 1 does not mirror it
    // (docs/sessions.md#multisession-modes).
    // Its `*` marks the typing session: the listing stays with it, in mode 1 too.
    const headers = ['Sessid', 'Protocol', 'Address', 'Puppet', 'Location'];
    this.msg(`${table(headers, rows, session?.width)}\n(* is this session)`, {
      session: this.session,
    });
  }
}

export class CmdPassword extends Command {
  readonly key = 'password';
  override readonly help = 'Change your password.\n\nUsage:\n  password <old password> = <new password>';

  async func(): Promise<void> {
    const { account } = this.ctx;
    if (!account) return;
    const oldPassword = this.lhs;
    const newPassword = this.rhs;
    if (!oldPassword || !newPassword) {
      this.msg('Usage: password <old password> = <new password>');
      return;
    }
    const result = await this.ctx.game.accounts.changePassword(account.id, account.name, oldPassword, newPassword);
    // A resume token taken before the change must not bring a session back (issue 14).
    if (result.ok) this.ctx.game.revokeResumes(account, this.session);
    this.msg(result.ok ? 'Password changed.' : `|r${result.reason}|n`);
  }
}

/** Every logged-in session's own set: empty by default, for game authors (CMDSET_SESSION). */
export function sessionCmdSet(): CmdSet<Command> {
  return new CmdSet({ key: 'DefaultSession', priority: -20 });
}

export function accountCmdSet(): CmdSet<Command> {
  return new CmdSet({
    key: 'DefaultAccount',
    priority: -10,
    commands: [
      new CmdOOCLook(),
      new CmdCharCreate(),
      new CmdCharDelete(),
      new CmdIC(),
      new CmdOOC(),
      new CmdWho(),
      new CmdSessions(),
      new CmdQuit(),
      new CmdPassword(),
      new CmdHelp(),
      new CmdShutdown(),
      new CmdBoot(),
      new CmdReload(),
      new CmdReset(),
      new CmdPerm(),
    ],
  });
}
