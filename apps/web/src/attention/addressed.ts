/**
 * Which lines of game text address the player (docs/architecture.md#unread-and-notifications):
 * a line that names their character as a word (any case), or a page or tell to them. The game's
 * `say` reaches others as `Name says, "..."`; a say that names the character is caught by the
 * name. The default commands have no page yet: the page forms below are Evennia's (`Name pages:`,
 * `Name pages you:`) and a `tells you` for games that add one.
 */
// The speaker's name (one or two words) first: a say quoting "X pages:" does not count.
const DIRECT =
  /^[\p{L}\p{N}_'-]+(?: [\p{L}\p{N}_'-]+)? (?:pages(?: you)?:|tells you\b|whispers to you\b|says to you\b)/iu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A test for lines addressed to `puppet`; none match while no character is played. */
export function addressedTo(puppet: string | null): (line: string) => boolean {
  if (puppet === null || puppet.trim() === '') return () => false;
  // A word: not inside a longer name ("Ann" is not in "Anna" nor "Joann").
  const name = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(puppet.trim())}(?![\\p{L}\\p{N}_])`, 'iu');
  return (line) => name.test(line) || DIRECT.test(line);
}
