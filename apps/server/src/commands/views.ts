/**
 * What players are shown of the world: the OOC account view and a room or character seen by a
 * character. Used by the default commands and by the game server (after a login that lands OOC,
 * on arrival in a room), so they live beside the commands, below both.
 */
import type { Character } from '../objects/Character.js';
import type { Room } from '../objects/Room.js';
import { escapeMarkup } from '../text/markup.js';
import type { CommandContext } from './Command.js';

/** The OOC view of an account: sessions and characters with who plays them (Evennia's ooc look). */
export function describeAccount(
  ctx: Pick<CommandContext, 'account' | 'session' | 'game'>,
  characters: readonly Character[],
): string {
  const { account, session, game } = ctx;
  if (!account) return '';
  const sessions = account.sessions.all().map((s) => {
    const mark = s === session ? '|g*|n' : ' ';
    const playing = s.puppet ? ` playing |c${escapeMarkup(s.puppet.name)}|n` : '';
    return ` ${mark} ${s.sessid} ${s.protocolKey} (${s.address})${playing}`;
  });
  const max = game.settings.maxNrCharacters;
  // Evennia's wording: your own sessions by number, anyone else's only as "someone else".
  const chars = characters.map((c) => {
    const holders = c.sessions.all();
    const mine = holders.filter((s) => s.account?.id === account.id).map((s) => s.sessid);
    const notes: string[] = [];
    if (mine.length > 0) notes.push(`played by you in session${mine.length === 1 ? '' : 's'} ${mine.join(', ')}`);
    if (holders.length > mine.length) notes.push('played by someone else');
    return ` - |c${escapeMarkup(c.name)}|n${notes.length ? ` (${notes.join('; ')})` : ''}`;
  });
  return [
    '|b--------------------------------------------------------------------|n',
    `Account |g${escapeMarkup(account.name)}|n${account.isSuperuser ? ' (superuser)' : ''}${session?.puppet ? '' : ' (out of character)'}`,
    account.permissions.size > 0 ? `Permissions: ${[...account.permissions].sort().join(', ')}` : '',
    '',
    'Connected session(s) (* is this one):',
    ...sessions,
    '',
    characters.length
      ? `Available character(s) (${characters.length}/${max}, |wic <name>|n to play):`
      : 'You have no characters yet.',
    ...chars,
    characters.length < max ? 'Use |wcharcreate <name> [= description]|n to create a new character.' : '',
    '|b--------------------------------------------------------------------|n',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** What a character sees looking at a room: name, description, who else is here. */
export function describeRoom(room: Room<Character> | undefined, viewer: Character): string {
  if (!room) return 'You are nowhere.';
  const others = [...room.contents].filter((c) => c !== viewer).map((c) => `|c${escapeMarkup(c.name)}|n`);
  const lines = [`|w${escapeMarkup(room.name)}|n`, room.description];
  if (others.length > 0) lines.push(`|wCharacters here:|n ${others.join(', ')}`);
  return lines.join('\n');
}

export function describeCharacter(character: Character): string {
  return `|c${escapeMarkup(character.name)}|n\n${character.description}`;
}
