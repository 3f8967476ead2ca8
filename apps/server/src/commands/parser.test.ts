import { describe, expect, it } from 'vitest';
import { CmdSet } from '../cmdsets/CmdSet.js';
import { Command } from './Command.js';
import { type ParseResult, parseCommandLine } from './parser.js';

class TestCommand extends Command {
  override readonly key: string;
  override readonly aliases: readonly string[];
  override readonly requiresSpace: boolean;
  constructor(key: string, aliases: readonly string[] = [], requiresSpace = true) {
    super();
    this.key = key;
    this.aliases = aliases;
    this.requiresSpace = requiresSpace;
  }
  override func(): void {}
}

const look = new TestCommand('look', ['l', 'ls']);
const lookAt = new TestCommand('look at');
const say = new TestCommand('say', ['"']);
const pose = new TestCommand('pose', [':', 'emote']);
const quit = new TestCommand('quit');
const charcreate = new TestCommand('charcreate');
// A word command that opted out of the space (Evennia: a permissive arg_regex).
const xcmd = new TestCommand('x', [], false);
const nomatchHandler = new TestCommand('__nomatch__');

const cmdset = new CmdSet({
  key: 'Test',
  commands: [look, lookAt, say, pose, quit, charcreate, xcmd, nomatchHandler],
});

function match(line: string, set: CmdSet<Command> = cmdset) {
  const result = parseCommandLine(line, set);
  if (result.kind !== 'match') throw new Error(`expected a match for ${line}, got ${result.kind}`);
  return {
    key: result.command.key,
    cmdName: result.cmdName,
    switches: result.switches,
    args: result.args,
  };
}

describe('parseCommandLine', () => {
  it('matches a key and gives the rest as args', () => {
    expect(match('look box')).toEqual({ key: 'look', cmdName: 'look', switches: [], args: 'box' });
    expect(match('look')).toEqual({ key: 'look', cmdName: 'look', switches: [], args: '' });
  });

  it('matches an alias and reports the name typed', () => {
    expect(match('l box')).toMatchObject({ key: 'look', cmdName: 'l', args: 'box' });
    expect(match('emote waves')).toMatchObject({ key: 'pose', cmdName: 'emote', args: 'waves' });
  });

  it('matches case-insensitively but keeps the case of args', () => {
    expect(match('LoOK Red Box')).toMatchObject({ key: 'look', cmdName: 'look', args: 'Red Box' });
  });

  it('parses switches, lower-cased, when the name is followed by /', () => {
    expect(match('quit/all')).toMatchObject({ key: 'quit', switches: ['all'], args: '' });
    expect(match('QUIT/All/now-ish_2  Bye Now ')).toMatchObject({
      key: 'quit',
      switches: ['all', 'now-ish_2'],
      args: 'Bye Now',
    });
    expect(match('quit /all')).toMatchObject({ switches: [], args: '/all' });
  });

  it('lets punctuation names take their argument without a space', () => {
    expect(match('"hello there')).toEqual({
      key: 'say',
      cmdName: '"',
      switches: [],
      args: 'hello there',
    });
    expect(match(':waves')).toEqual({ key: 'pose', cmdName: ':', switches: [], args: 'waves' });
    expect(match('" spaced')).toMatchObject({ key: 'say', args: 'spaced' });
  });

  it('lets a command with requiresSpace false take its argument without a space', () => {
    expect(match('xfoo')).toMatchObject({ key: 'x', args: 'foo' });
  });

  it('does not match a word name glued to more letters', () => {
    expect(parseCommandLine('lookhere', cmdset)).toEqual({ kind: 'nomatch', cmdName: 'lookhere' });
    expect(parseCommandLine('emotewaves', cmdset)).toEqual({
      kind: 'nomatch',
      cmdName: 'emotewaves',
    });
    expect(parseCommandLine('sayhi', cmdset)).toEqual({ kind: 'nomatch', cmdName: 'sayhi' });
  });

  it('prefers the longest name, which may contain spaces', () => {
    expect(match('look at box')).toMatchObject({ key: 'look at', cmdName: 'look at', args: 'box' });
    expect(match('LOOK AT')).toMatchObject({ key: 'look at', args: '' });
    // `look at` must end at a boundary too, so this falls back to `look`.
    expect(match('look atlas')).toMatchObject({ key: 'look', args: 'atlas' });
  });

  it('reports a multimatch when different commands share the longest name', () => {
    const objA = new TestCommand('push');
    const objB = new TestCommand('push', ['press']);
    const merged = new CmdSet({ key: 'A', duplicates: true, commands: [objA] }).merge(
      new CmdSet({ key: 'B', duplicates: true, commands: [objB] }),
    );
    const result = parseCommandLine('push button', merged);
    expect(result.kind).toBe('multimatch');
    const { cmdName, candidates } = result as Extract<ParseResult, { kind: 'multimatch' }>;
    expect(cmdName).toBe('push');
    expect(candidates).toHaveLength(2);
    expect(candidates).toEqual(expect.arrayContaining([objA, objB]));
    // Only one of them answers to `press`.
    expect(parseCommandLine('press', merged)).toMatchObject({ kind: 'match', command: objB });
  });

  it('counts one command matching through two names of equal length once', () => {
    const twice = new CmdSet({ key: 'T', commands: [new TestCommand('go', ['go'])] });
    expect(parseCommandLine('go north', twice)).toMatchObject({ kind: 'match', args: 'north' });
  });

  it('gives empty for a blank line', () => {
    expect(parseCommandLine('', cmdset)).toEqual({ kind: 'empty' });
    expect(parseCommandLine('  \t ', cmdset)).toEqual({ kind: 'empty' });
  });

  it('gives nomatch with the first word, lower case, at most 40 characters', () => {
    expect(parseCommandLine('  Dance wildly', cmdset)).toEqual({
      kind: 'nomatch',
      cmdName: 'dance',
    });
    const long = parseCommandLine('A'.repeat(100), cmdset);
    expect(long).toEqual({ kind: 'nomatch', cmdName: 'a'.repeat(40) });
  });

  it('does not let players type system commands', () => {
    expect(parseCommandLine('__nomatch__', cmdset)).toEqual({
      kind: 'nomatch',
      cmdName: '__nomatch__',
    });
  });

  it('ignores leading and trailing whitespace', () => {
    expect(match('   look   red box  ')).toMatchObject({ key: 'look', args: 'red box' });
    expect(match('\t:waves \n')).toMatchObject({ key: 'pose', args: 'waves' });
  });

  it('leaves = in args for the command to split', () => {
    expect(match('charcreate Bob = A tall man')).toMatchObject({
      key: 'charcreate',
      args: 'Bob = A tall man',
    });
  });

  it("ignores Evennia's prefixes @ & / + when the line matches nothing as typed", () => {
    expect(match('@look box')).toMatchObject({ key: 'look', cmdName: 'look', args: 'box' });
    expect(match('+quit')).toMatchObject({ key: 'quit' });
    expect(match('/quit')).toMatchObject({ key: 'quit' });
    expect(match('&look')).toMatchObject({ key: 'look' });
    expect(match('@@look/all box')).toMatchObject({ key: 'look', switches: ['all'], args: 'box' });
    expect(match('@look at box')).toMatchObject({ key: 'look at', args: 'box' });
    // Not inside a word, and the nomatch answer names what was typed.
    expect(parseCommandLine('@lookhere', cmdset)).toEqual({ kind: 'nomatch', cmdName: '@lookhere' });
    expect(parseCommandLine('@', cmdset)).toEqual({ kind: 'nomatch', cmdName: '@' });
  });

  it('lets a command whose name starts with an ignored prefix match first, and be typed without it', () => {
    const atDesc = new TestCommand('@desc');
    const desc = new TestCommand('desc');
    const both = new CmdSet({ key: 'P', commands: [atDesc, desc] });
    expect(parseCommandLine('@desc me', both)).toMatchObject({ kind: 'match', command: atDesc, args: 'me' });
    expect(parseCommandLine('desc me', both)).toMatchObject({ kind: 'match', command: desc });
    const alone = new CmdSet({ key: 'A', commands: [atDesc] });
    expect(parseCommandLine('desc me', alone)).toMatchObject({ kind: 'nomatch' });
    expect(parseCommandLine('+desc me', alone)).toMatchObject({ kind: 'match', command: atDesc, args: 'me' });
  });
});
