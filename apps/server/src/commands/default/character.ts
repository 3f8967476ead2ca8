/**
 * The in-character commands of docs/architecture.md#default-commands (Evennia's CharacterCmdSet): `look`, `say`, `pose`.
 * What a player typed is stripped of control characters before anyone sees it; colour markup
 * (`|r`...) stays, as the game's only way to colour text.
 */
import { CmdSet } from '../../cmdsets/CmdSet.js';
import { escapeMarkup, playerText, sanitizePlayerText } from '../../text/markup.js';
import { Command } from '../Command.js';
import { describeCharacter, describeRoom } from '../views.js';

export class CmdLook extends Command {
  readonly key = 'look';
  override readonly aliases = ['l', 'ls'];
  override readonly help = 'Look at your surroundings or at someone.\n\nUsage:\n  look\n  look <name>';

  func(): void {
    const me = this.ctx.character;
    if (!me) return;
    const target = this.args.toLowerCase();
    if (!target || target === 'here') {
      this.msg(describeRoom(me.location, me));
      return;
    }
    if (target === 'me' || target === 'self') {
      this.msg(describeCharacter(me));
      return;
    }
    const present = [...(me.location?.contents ?? [])];
    const found =
      present.find((c) => c.name.toLowerCase() === target) ??
      present.find((c) => c.name.toLowerCase().startsWith(target));
    this.msg(found ? describeCharacter(found) : `You don't see "${escapeMarkup(sanitizePlayerText(this.args))}" here.`);
  }
}

export class CmdSay extends Command {
  readonly key = 'say';
  override readonly aliases = ['"', "'"];
  override readonly help = 'Speak to everyone in the room.\n\nUsage:\n  say <text>\n  "<text>';

  func(): void {
    const me = this.ctx.character;
    if (!me) return;
    const speech = playerText(this.args).trim();
    if (!speech) {
      this.msg('Say what?');
      return;
    }
    // `fromObj`: the speaker, as Evennia's say passes it, for a game's session class to see.
    // `type`: what a player typed, so a client can mark its links (docs/protocol.md#frames-out).
    this.msg(`You say, "${speech}|n"`, { fromObj: me, options: { type: 'say' } });
    me.location?.msgContents(`${escapeMarkup(me.name)} says, "${speech}|n"`, {
      exclude: [me],
      fromObj: me,
      type: 'say',
    });
  }
}

export class CmdPose extends Command {
  readonly key = 'pose';
  override readonly aliases = [':', 'emote'];
  override readonly help =
    'Describe an action.\n\nUsage:\n  pose <text>\n  :<text>\n\nExample: ":waves" shows "Alice waves".';

  func(): void {
    const me = this.ctx.character;
    if (!me) return;
    const action = playerText(this.args).trim();
    if (!action) {
      this.msg('What do you want to do?');
      return;
    }
    // Evennia: a pose starting with punctuation ("'s eyes narrow") is joined without a space.
    const text = `${escapeMarkup(me.name)}${/^['’,.:;!?]/.test(action) ? '' : ' '}${action}|n`;
    this.msg(text, { fromObj: me, options: { type: 'pose' } });
    me.location?.msgContents(text, { exclude: [me], fromObj: me, type: 'pose' });
  }
}

export function characterCmdSet(): CmdSet<Command> {
  return new CmdSet({
    key: 'DefaultCharacter',
    priority: 0,
    commands: [new CmdLook(), new CmdSay(), new CmdPose()],
  });
}
