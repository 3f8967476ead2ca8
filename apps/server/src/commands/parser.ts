/**
 * Splits a line of player input into command, switches and arguments, after Evennia's
 * `evennia/commands/cmdparser.py` (matching) and MuxCommand's `parse` (switches). Pure: it only
 * reads the cmdset it is given, which the handler has already merged and filtered by `access()`.
 */
import type { CmdSet } from '../cmdsets/CmdSet.js';
import { isSystemCommand } from '../cmdsets/CmdSet.js';
import type { Command } from './Command.js';

export type ParseResult =
  | { kind: 'empty' }
  | { kind: 'match'; command: Command; cmdName: string; switches: string[]; args: string }
  | { kind: 'nomatch'; cmdName: string }
  | { kind: 'multimatch'; cmdName: string; candidates: Command[] };

/** Bounds the name echoed back in "Command 'x' is not available" (a line may be very long). */
const MAX_NOMATCH_NAME = 40;

/** Switches: `/all`, `/sw1/sw2`, right after the command name (Evennia MuxCommand). */
const SWITCHES = /^(?:\/[A-Za-z0-9_-]+)+/;

/** A name ending in a letter or digit is a word, and a word needs a boundary after it. */
const ENDS_IN_WORD_CHAR = /[\p{L}\p{N}]$/u;

/** What may follow a word-like name: end of line, whitespace, or switches. */
const BOUNDARY = /^(?:$|\s|\/)/;

/**
 * Whether `line` starts with `name` (case-insensitively) and the name ends where it should.
 * Evennia's default `arg_regex` (`^[ /]|\n|$`) keeps `lookhere` from running `look`; say's `"`
 * and pose's `:` are punctuation, and a command may opt out with `requiresSpace = false`.
 */
function matchesAt(line: string, name: string, cmd: Command): boolean {
  // Compare a slice rather than lower-casing the whole line: lower-casing can change the length
  // of some characters (e.g. U+0130), which would shift every index after it.
  if (name.length === 0 || line.slice(0, name.length).toLowerCase() !== name) return false;
  if (!cmd.requiresSpace || !ENDS_IN_WORD_CHAR.test(name)) return true;
  return BOUNDARY.test(line.slice(name.length));
}

/**
 * Evennia's `CMD_IGNORE_PREFIXES`: players used to other MUDs type `@who`, `+who`, `/who` or
 * `&who`. When a line matches no command as typed, these leading characters are stripped from
 * the line and from the command names and it is matched again, so a command whose name really
 * starts with one (`@desc`) still wins when typed in full (Evennia's `cmdparser.build_matches`).
 */
export const CMD_IGNORE_PREFIXES = '@&/+';

/** Strips leading ignored prefixes, except from a one-character string (Evennia: `/` alone stays). */
export function stripIgnoredPrefixes(text: string): string {
  if (text.length <= 1) return text;
  let at = 0;
  while (at < text.length && CMD_IGNORE_PREFIXES.includes(text[at] as string)) at++;
  return text.slice(at);
}

/**
 * Every command with a name fitting at the start of `line`, keeping only the longest name: like
 * Evennia, which ranks matches by the length of the matched name, so `look at` beats `look`.
 * With `stripped`, names are compared without their ignored prefixes.
 */
function findCandidates(
  line: string,
  cmdset: CmdSet<Command>,
  stripped: boolean,
): { best: string; candidates: Command[] } {
  let best = '';
  let candidates: Command[] = [];
  for (const cmd of cmdset.commands) {
    // The handler invokes system commands (`__nomatch__`, ...) itself; a player may not type them.
    if (isSystemCommand(cmd)) continue;
    for (const rawName of cmd.names) {
      const lower = rawName.toLowerCase();
      const name = stripped ? stripIgnoredPrefixes(lower) : lower;
      if (name.length < best.length || !matchesAt(line, name, cmd)) continue;
      if (name.length > best.length) {
        best = name;
        candidates = [];
      }
      // The same command may match through its key and an alias of equal length.
      if (!candidates.includes(cmd)) candidates.push(cmd);
    }
  }
  return { best, candidates };
}

export function parseCommandLine(raw: string, cmdset: CmdSet<Command>): ParseResult {
  const typed = raw.trimStart();
  if (typed.trim() === '') return { kind: 'empty' };

  let line = typed;
  let { best, candidates } = findCandidates(line, cmdset, false);
  if (candidates.length === 0) {
    const stripped = stripIgnoredPrefixes(typed);
    if (stripped !== typed) {
      line = stripped;
      ({ best, candidates } = findCandidates(line, cmdset, true));
    }
  }

  const [command, ...others] = candidates;
  if (!command) {
    const firstWord = typed.split(/\s/, 1)[0] ?? '';
    return { kind: 'nomatch', cmdName: firstWord.toLowerCase().slice(0, MAX_NOMATCH_NAME) };
  }
  if (others.length > 0) return { kind: 'multimatch', cmdName: best, candidates };

  let rest = line.slice(best.length);
  let switches: string[] = [];
  const found = SWITCHES.exec(rest);
  if (found) {
    switches = found[0].slice(1).toLowerCase().split('/');
    rest = rest.slice(found[0].length);
  }
  return { kind: 'match', command, cmdName: best, switches, args: rest.trim() };
}
