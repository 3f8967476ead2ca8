/**
 * Property-based tests (fast-check) of the command-line parser against the default cmdsets as
 * the handler merges them: unlogged-in, OOC (session + account), IC (+ character) and the
 * session-level character-creation menu. Every line a player can type must parse without
 * throwing, and a match must be one the player could see in the line: the matched name is a
 * (case-insensitive) prefix of the line, ends where a word ends, and is a name of the command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CmdSet, isSystemCommand } from '../cmdsets/CmdSet.js';
import { CmdSetHandler } from '../cmdsets/CmdSetHandler.js';
import { Command } from './Command.js';
import { accountCmdSet, sessionCmdSet } from './default/account.js';
import { characterCmdSet } from './default/character.js';
import { charGenCmdSet } from './default/chargen.js';
import { unloggedinCmdSet } from './default/unloggedin.js';
import { parseCommandLine, stripIgnoredPrefixes } from './parser.js';

const RUNS = { numRuns: 300 };

/**
 * The merged sets a session can have, built as `CommandHandler.execute` builds them: the
 * session's cmdset handler merges the session → account → puppet stacks, and `filter` keeps
 * the commands (duplicates of a tie merge included).
 */
function available(session: CmdSet[], account: CmdSet[] = [], puppet: CmdSet[] = []): CmdSet<Command> {
  const [own, acc, pup] = [session, account, puppet].map((sets) => {
    const handler = new CmdSetHandler();
    for (const set of sets) handler.add(set);
    return handler;
  });
  return (own as CmdSetHandler).current([acc, pup]).filter((cmd): cmd is Command => cmd instanceof Command);
}
const STACKS: Record<string, CmdSet<Command>> = {
  unloggedin: available([unloggedinCmdSet()]),
  ooc: available([sessionCmdSet()], [accountCmdSet()]),
  ic: available([sessionCmdSet()], [accountCmdSet()], [characterCmdSet()]),
  chargen: available([sessionCmdSet(), charGenCmdSet()], [accountCmdSet()]),
};
const stackArb = fc.constantFrom(...Object.keys(STACKS));
const ALL_NAMES = [
  ...new Set(
    Object.values(STACKS).flatMap((s) => s.commands.filter((c) => !isSystemCommand(c)).flatMap((c) => c.names)),
  ),
];

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const spaceArb = fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\ufeff', '\n', '\r\n', '\u2028');
/** Lines players (and attackers) type: command names glued to anything, switches, junk. */
const lineArb = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .tuple(
      fc.array(spaceArb, { maxLength: 2 }),
      // Evennia's ignored prefixes (`@who`, `+who`), alone and repeated.
      fc.constantFrom('', '', '@', '+', '/', '&', '@@', '+/'),
      fc.mixedCase(fc.constantFrom(...ALL_NAMES)),
      fc.oneof(fc.constant(''), fc.stringMatching(/^(\/[A-Za-z0-9_-]{1,5}){1,3}$/)),
      fc.oneof(fc.constant(''), spaceArb, fc.string({ unit: anyUnit, maxLength: 3 })),
      fc.string({ unit: anyUnit, maxLength: 30 }),
    )
    .map(([lead, prefix, name, switches, sep, rest]) => lead.join('') + prefix + name + switches + sep + rest),
);

/** Whether `name` fits at the start of `line` the way the parser promises (Evennia's arg_regex). */
function fitsAt(line: string, name: string, requiresSpace: boolean): boolean {
  if (line.slice(0, name.length).toLowerCase() !== name) return false;
  if (!requiresSpace || !/[\p{L}\p{N}]$/u.test(name)) return true;
  return /^(?:$|\s|\/)/.test(line.slice(name.length));
}

/** Whether any command of the set has a name fitting at the start of `line`. */
function anyFits(line: string, cmdset: CmdSet<Command>): boolean {
  return cmdset.commands.some(
    (cmd) => !isSystemCommand(cmd) && cmd.names.some((n) => fitsAt(line, n.toLowerCase(), cmd.requiresSpace)),
  );
}

describe('parseCommandLine with the default cmdsets (property-based)', () => {
  it('never throws, and a match is a visible, case-insensitive prefix of the trimmed line', () => {
    fc.assert(
      fc.property(stackArb, lineArb, (stack, raw) => {
        const cmdset = STACKS[stack] as CmdSet<Command>;
        const result = parseCommandLine(raw, cmdset);
        const typed = raw.trimStart();
        // The line as matched: as typed when a name fits it, else without Evennia's ignored
        // prefixes (the default sets have no name starting with one).
        const line = anyFits(typed, cmdset) ? typed : stripIgnoredPrefixes(typed);
        switch (result.kind) {
          case 'empty':
            expect(raw.trim()).toBe('');
            return;
          case 'match': {
            expect(raw.trim()).not.toBe('');
            expect(line.slice(0, result.cmdName.length).toLowerCase()).toBe(result.cmdName);
            expect(result.command.names.map((n) => n.toLowerCase())).toContain(result.cmdName);
            expect(fitsAt(line, result.cmdName, result.command.requiresSpace)).toBe(true);
            expect(isSystemCommand(result.command)).toBe(false);
            expect(cmdset.commands).toContain(result.command);
            expect(result.args).toBe(result.args.trim());
            for (const s of result.switches) expect(s).toMatch(/^[a-z0-9_-]+$/);
            // The longest fitting name wins: no other command fits with a longer name.
            for (const cmd of cmdset.commands) {
              if (isSystemCommand(cmd)) continue;
              for (const name of cmd.names) {
                if (name.length > result.cmdName.length) expect(fitsAt(line, name, cmd.requiresSpace)).toBe(false);
              }
            }
            return;
          }
          case 'multimatch':
            expect(result.candidates.length).toBeGreaterThan(1);
            for (const c of result.candidates) expect(c.names).toContain(result.cmdName);
            expect(line.slice(0, result.cmdName.length).toLowerCase()).toBe(result.cmdName);
            return;
          case 'nomatch':
            expect(raw.trim()).not.toBe('');
            expect(result.cmdName.length).toBeLessThanOrEqual(40);
            for (const cmd of cmdset.commands) {
              if (isSystemCommand(cmd)) continue;
              for (const name of cmd.names) {
                expect(fitsAt(typed, name, cmd.requiresSpace), name).toBe(false);
                expect(fitsAt(line, name, cmd.requiresSpace), name).toBe(false);
              }
            }
            return;
        }
      }),
      RUNS,
    );
  });

  it('finds every command of the set by any of its names, whatever follows a space', () => {
    fc.assert(
      fc.property(stackArb, fc.nat(), fc.string({ unit: anyUnit, maxLength: 40 }), (stack, pick, rest) => {
        const cmdset = STACKS[stack] as CmdSet<Command>;
        const commands = cmdset.commands.filter((c) => !isSystemCommand(c));
        const cmd = commands[pick % commands.length];
        if (!cmd) return;
        const name = cmd.names[pick % cmd.names.length] as string;
        const result = parseCommandLine(`${name} ${rest}`, cmdset);
        expect(['match', 'multimatch']).toContain(result.kind);
        if (result.kind === 'match' || result.kind === 'multimatch') {
          expect(result.cmdName.length).toBeGreaterThanOrEqual(name.length);
        }
        if (result.kind === 'match' && result.cmdName === name) expect(result.command.names).toContain(name);
      }),
      RUNS,
    );
  });

  it('ignores leading whitespace and the case of ASCII command names', () => {
    fc.assert(
      fc.property(stackArb, lineArb, fc.array(spaceArb, { minLength: 1, maxLength: 3 }), (stack, raw, lead) => {
        const cmdset = STACKS[stack] as CmdSet<Command>;
        const base = parseCommandLine(raw, cmdset);
        const padded = parseCommandLine(lead.join('') + raw, cmdset);
        expect(padded.kind).toBe(base.kind);
        if (base.kind === 'match' && padded.kind === 'match') {
          expect(padded.command).toBe(base.command);
          expect(padded.args).toBe(base.args);
        }
        if (/^[\x20-\x7e]*$/.test(raw) && base.kind === 'match') {
          const upper = parseCommandLine(raw.toUpperCase(), cmdset);
          expect(upper.kind).toBe('match');
          if (upper.kind === 'match') expect(upper.command).toBe(base.command);
        }
      }),
      RUNS,
    );
  });

  it('keeps word commands from matching inside longer words (lookhere is not look)', () => {
    fc.assert(
      fc.property(stackArb, fc.stringMatching(/^[a-z0-9]{1,8}$/), (stack, tail) => {
        const cmdset = STACKS[stack] as CmdSet<Command>;
        for (const cmd of cmdset.commands) {
          if (isSystemCommand(cmd) || !cmd.requiresSpace) continue;
          for (const name of cmd.names) {
            if (!/[a-z0-9]$/.test(name)) continue;
            const result = parseCommandLine(`${name}${tail}`, cmdset);
            if (result.kind === 'match') expect(result.cmdName).not.toBe(name);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('survives very long lines and every single code unit', () => {
    const cmdset = STACKS.ic as CmdSet<Command>;
    for (let c = 0; c <= 0xffff; c++) parseCommandLine(`${String.fromCharCode(c)}look`, cmdset);
    const long = [
      'x'.repeat(4096),
      `say ${'y'.repeat(100_000)}`,
      `look${'/a'.repeat(2000)} box`,
      '/'.repeat(10_000),
      '\u0130'.repeat(5000),
      `${'\ud800'.repeat(3000)}look`,
    ];
    for (const line of long) {
      const result = parseCommandLine(line, cmdset);
      if (result.kind === 'nomatch') expect(result.cmdName.length).toBeLessThanOrEqual(40);
    }
  });
});
