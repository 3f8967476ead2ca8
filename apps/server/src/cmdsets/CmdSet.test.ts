import { describe, expect, it } from 'vitest';
import { Command } from '../commands/Command.js';
import { CmdSet, type MergeType } from './CmdSet.js';

/** A command that remembers which set defined it, so tests can see whose version survived. */
class TestCommand extends Command {
  override readonly key: string;
  override readonly aliases: readonly string[];
  constructor(
    key: string,
    readonly from: string,
    aliases: readonly string[] = [],
  ) {
    super();
    this.key = key;
    this.aliases = aliases;
  }
  override func(): void {}
}

const cmd = (key: string, from: string, aliases: readonly string[] = []) => new TestCommand(key, from, aliases);

/** `key:from` for every command, sorted: order inside a merged set is not part of the contract. */
function contents(set: CmdSet): string[] {
  return set.commands.map((c) => `${c.key}:${(c as TestCommand).from}`).sort();
}

function pair(highType: MergeType) {
  const low = new CmdSet({
    key: 'Low',
    priority: 0,
    // The lower set's own merge type never applies when it is the lower one.
    mergeType: 'Replace',
    commands: [cmd('a', 'L'), cmd('b', 'L'), cmd('c', 'L')],
  });
  const high = new CmdSet({
    key: 'High',
    priority: 1,
    mergeType: highType,
    commands: [cmd('b', 'H'), cmd('d', 'H')],
  });
  return { low, high };
}

describe('CmdSet building', () => {
  it('add replaces a command sharing a name, in place', () => {
    const set = new CmdSet({ key: 'S', commands: [cmd('look', '1', ['l']), cmd('say', '1')] });
    set.add(cmd('l', '2'));
    expect(contents(set)).toEqual(['l:2', 'say:1']);
    expect(set.commands[0]?.key).toBe('l');
  });

  it('add accepts arrays and other sets, and a new command may replace several', () => {
    const set = new CmdSet({ key: 'S', commands: [cmd('a', '1'), cmd('b', '1')] });
    set.add(new CmdSet({ key: 'T', commands: [cmd('c', '2')] }));
    set.add([cmd('d', '3')]);
    set.add(cmd('a', '4', ['b']));
    expect(contents(set)).toEqual(['a:4', 'c:2', 'd:3']);
  });

  it('get and has find by key or alias, case-insensitively; remove by name or command', () => {
    const set = new CmdSet({
      key: 'S',
      commands: [cmd('pose', '1', [':', 'emote']), cmd('say', '1')],
    });
    expect((set.get('EMOTE') as TestCommand | undefined)?.key).toBe('pose');
    expect(set.has(':')).toBe(true);
    expect(set.has('dance')).toBe(false);
    expect(set.allNames()).toEqual(['pose', ':', 'emote', 'say']);
    expect(set.remove('emote')).toBe(true);
    expect(set.remove('emote')).toBe(false);
    expect(set.remove(cmd('say', 'x'))).toBe(true);
    expect(set.commands).toEqual([]);
  });

  it('has Evennia defaults', () => {
    const set = new CmdSet({ key: 'S' });
    expect([set.priority, set.mergeType, set.duplicates]).toEqual([0, 'Union', false]);
  });
});

describe('CmdSet.merge: each merge type in both priority orders', () => {
  const expected: Record<MergeType, string[]> = {
    Union: ['a:L', 'b:H', 'c:L', 'd:H'],
    Intersect: ['b:H'],
    Replace: ['b:H', 'd:H'],
    Remove: ['a:L', 'c:L'],
  };
  for (const [type, want] of Object.entries(expected) as [MergeType, string[]][]) {
    it(`${type}: higher merged onto lower`, () => {
      const { low, high } = pair(type);
      expect(contents(low.merge(high))).toEqual(want);
    });
    it(`${type}: lower merged onto higher (roles swap, higher still decides)`, () => {
      const { low, high } = pair(type);
      expect(contents(high.merge(low))).toEqual(want);
    });
  }

  it('gives the result the higher key and priority, merge type Union, and leaves inputs alone', () => {
    const { low, high } = pair('Replace');
    for (const result of [low.merge(high), high.merge(low)]) {
      expect([result.key, result.priority, result.mergeType]).toEqual(['High', 1, 'Union']);
    }
    expect(contents(low)).toEqual(['a:L', 'b:L', 'c:L']);
    expect(contents(high)).toEqual(['b:H', 'd:H']);
  });
});

describe('CmdSet.merge: ties, keyMergeTypes, duplicates', () => {
  const x = () => new CmdSet({ key: 'X', commands: [cmd('b', 'X'), cmd('e', 'X')] });
  const y = (mergeType: MergeType = 'Union') => new CmdSet({ key: 'Y', mergeType, commands: [cmd('b', 'Y')] });

  it('on equal priority the set merged on (A) wins', () => {
    expect(contents(x().merge(y()))).toEqual(['b:Y', 'e:X']);
    expect(x().merge(y()).key).toBe('Y');
    expect(contents(y().merge(x()))).toEqual(['b:X', 'e:X']);
  });

  it("on equal priority A's merge type applies", () => {
    expect(contents(x().merge(y('Remove')))).toEqual(['e:X']);
    expect(contents(y('Remove').merge(x()))).toEqual(['b:X', 'e:X']);
  });

  it("uses the higher set's keyMergeTypes entry for the lower set's key", () => {
    const { low } = pair('Union');
    const other = new CmdSet({ key: 'Other', priority: 0, commands: [cmd('z', 'O')] });
    const high = new CmdSet({
      key: 'High',
      priority: 1,
      keyMergeTypes: { Low: 'Replace' },
      commands: [cmd('b', 'H')],
    });
    expect(contents(low.merge(high))).toEqual(['b:H']);
    expect(contents(high.merge(low))).toEqual(['b:H']);
    expect(contents(other.merge(high))).toEqual(['b:H', 'z:O']);
  });

  it("ignores the lower set's keyMergeTypes", () => {
    const low = new CmdSet({
      key: 'Low',
      keyMergeTypes: { High: 'Remove' },
      commands: [cmd('a', 'L')],
    });
    const high = new CmdSet({ key: 'High', priority: 1, commands: [cmd('b', 'H')] });
    expect(contents(low.merge(high))).toEqual(['a:L', 'b:H']);
  });

  it('duplicates keeps both versions on a tie (Union and Intersect)', () => {
    const objA = new CmdSet({ key: 'ObjA', duplicates: true, commands: [cmd('push', 'A')] });
    const objB = new CmdSet({ key: 'ObjB', duplicates: true, commands: [cmd('push', 'B')] });
    const union = objA.merge(objB);
    expect(contents(union)).toEqual(['push:A', 'push:B']);
    expect(union.duplicates).toBe(false);
    const inter = new CmdSet({
      key: 'I',
      mergeType: 'Intersect',
      duplicates: true,
      commands: [cmd('push', 'I')],
    });
    expect(contents(objA.merge(inter))).toEqual(['push:A', 'push:I']);
  });

  it('duplicates does nothing across different priorities, or on the lower set (as Evennia)', () => {
    const low = new CmdSet({ key: 'Low', duplicates: true, commands: [cmd('push', 'L')] });
    const high = new CmdSet({
      key: 'High',
      priority: 1,
      duplicates: true,
      commands: [cmd('push', 'H')],
    });
    expect(contents(low.merge(high))).toEqual(['push:H']);
    const tieNoDup = new CmdSet({ key: 'T', commands: [cmd('push', 'T')] });
    expect(contents(low.merge(tieNoDup))).toEqual(['push:T']);
  });
});

describe('CmdSet.merge: system commands', () => {
  const low = () =>
    new CmdSet({
      key: 'Low',
      commands: [cmd('__nomatch__', 'L'), cmd('__noinput__', 'L'), cmd('look', 'L')],
    });
  const high = (mergeType: MergeType) =>
    new CmdSet({
      key: 'High',
      priority: 5,
      mergeType,
      commands: [cmd('__nomatch__', 'H'), cmd('say', 'H')],
    });

  it.each<[MergeType, string[]]>([
    ['Union', ['__noinput__:L', '__nomatch__:H', 'look:L', 'say:H']],
    ['Intersect', ['__noinput__:L', '__nomatch__:H']],
    ['Replace', ['__noinput__:L', '__nomatch__:H', 'say:H']],
    ['Remove', ['__noinput__:L', '__nomatch__:H', 'look:L']],
  ])('survive %s, the higher version winning', (type, want) => {
    expect(contents(low().merge(high(type)))).toEqual(want);
    expect(contents(high(type).merge(low()))).toEqual(want);
  });
});

describe('CmdSet.mergeStack', () => {
  const session = () =>
    new CmdSet({
      key: 'Session',
      priority: -20,
      commands: [cmd('__nomatch__', 'S'), cmd('sessions', 'S')],
    });
  const account = () =>
    new CmdSet({
      key: 'Account',
      priority: -10,
      commands: [cmd('look', 'A'), cmd('who', 'A'), cmd('quit', 'A'), cmd('help', 'A')],
    });
  const puppet = () =>
    new CmdSet({
      key: 'Character',
      priority: 0,
      commands: [cmd('look', 'C', ['l']), cmd('say', 'C', ['"']), cmd('pose', 'C', [':', 'emote'])],
    });
  const everyone = ['__nomatch__:S', 'help:A', 'look:C', 'pose:C', 'quit:A', 'say:C', 'sessions:S', 'who:A'];

  it('merges session, account and puppet whatever their list order', () => {
    for (const order of [
      [session(), account(), puppet()],
      [puppet(), session(), account()],
    ]) {
      const merged = CmdSet.mergeStack(order);
      expect(contents(merged)).toEqual(everyone);
      expect([merged.key, merged.priority]).toEqual(['Character', 0]);
    }
  });

  it('a high-priority Replace set leaves only its commands, plus system commands', () => {
    const menu = new CmdSet({
      key: 'Menu',
      priority: 100,
      mergeType: 'Replace',
      commands: [cmd('look', 'M'), cmd('quit', 'M')],
    });
    const merged = CmdSet.mergeStack([session(), account(), puppet(), menu]);
    expect(contents(merged)).toEqual(['__nomatch__:S', 'look:M', 'quit:M']);
    expect(merged.key).toBe('Menu');
  });

  it('a Remove set takes commands away, aliases and all', () => {
    const mute = new CmdSet({
      key: 'Mute',
      priority: 10,
      mergeType: 'Remove',
      commands: [cmd('say', 'X')],
    });
    const merged = CmdSet.mergeStack([mute, session(), account(), puppet()]);
    expect(contents(merged)).toEqual(everyone.filter((c) => c !== 'say:C'));
    expect(merged.has('"')).toBe(false);
    expect(merged.has('emote')).toBe(true);
  });

  it('among equal priorities the later set in the list wins', () => {
    const first = new CmdSet({ key: 'First', commands: [cmd('get', '1')] });
    const second = new CmdSet({ key: 'Second', commands: [cmd('get', '2')] });
    expect(contents(CmdSet.mergeStack([account(), first, second]))).toContain('get:2');
    expect(contents(CmdSet.mergeStack([account(), second, first]))).toContain('get:1');
  });

  it('gives an empty set for no sets, and a copy for one', () => {
    expect(CmdSet.mergeStack([]).commands).toEqual([]);
    const only = account();
    const merged = CmdSet.mergeStack([only]);
    expect(merged).not.toBe(only);
    merged.add(cmd('extra', 'X'));
    expect(only.has('extra')).toBe(false);
  });
});

describe('CmdSet.copy', () => {
  class Marked extends CmdSet {
    readonly marked = true;
  }
  it('keeps the class, options, state and commands, and changes on its own', () => {
    const look = cmd('look', 'original');
    const original = new Marked({ key: 'Custom', priority: 3, commands: [look] });
    original.state = { step: 1 };
    const copy = original.copy();
    expect(copy).toBeInstanceOf(Marked);
    expect(copy.marked).toBe(true);
    expect(copy.priority).toBe(3);
    expect(copy.state).toEqual({ step: 1 });
    expect(copy.get('look')).toBe(look);
    copy.add(cmd('say', 'copy'));
    copy.remove('look');
    (copy.state as Record<string, number>).step = 2;
    expect(original.has('say')).toBe(false);
    expect(original.get('look')).toBe(look);
    expect(original.state).toEqual({ step: 1 });
  });
});
