import type { Character } from '../../objects/Character.js';
import { escapeMarkup } from '../../text/markup.js';
import type { Command } from '../Command.js';

/** Tells the creator and refreshes the account's character menu. */
export function announceCreated(cmd: Command, character: Character): void {
  const name = escapeMarkup(character.name);
  cmd.msg(`Created new character |c${name}|n. Use |wic ${name}|n to enter the game as this character.`);
  if (cmd.ctx.account) cmd.ctx.game.menuChanged(cmd.ctx.account);
}
