import { describe, expect, it } from 'vitest';
import { CmdSet, type CommandDefinition } from './CmdSet.js';
import { CmdSetHandler } from './CmdSetHandler.js';

function cmd(key: string, aliases: string[] = []): CommandDefinition {
  const names = [key, ...aliases];
  return { key, aliases, names, sameAs: (other) => other.names.some((n) => names.includes(n)) };
}

const keysOf = (set: CmdSet) => set.commands.map((c) => c.key);

describe('CmdSetHandler', () => {
  it('adds, finds and removes sets by key or instance; adding a key again replaces the set', () => {
    const handler = new CmdSetHandler();
    const menu = new CmdSet({ key: 'Menu', commands: [cmd('yes')] });
    handler.add(new CmdSet({ key: 'Base', commands: [cmd('look')] }));
    handler.add(menu);
    expect(handler.keys()).toEqual(['Base', 'Menu']);
    expect(handler.has('Menu')).toBe(true);
    expect(handler.has(menu)).toBe(true);
    expect(handler.get('Menu')).toBe(menu);

    const again = new CmdSet({ key: 'Menu', commands: [cmd('no')] });
    handler.add(again);
    expect(handler.size).toBe(2);
    expect(handler.has(menu)).toBe(false);
    expect(keysOf(handler.current())).toEqual(['no', 'look']);

    expect(handler.remove(menu)).toBe(false);
    expect(handler.remove('Menu')).toBe(true);
    expect(handler.remove('Menu')).toBe(false);
    expect(handler.keys()).toEqual(['Base']);
    handler.clear();
    expect(handler.size).toBe(0);
  });

  it('keeps its merge until a set is added, removed or changed, or a lower owner changes', () => {
    const session = new CmdSetHandler();
    const account = new CmdSetHandler();
    const base = new CmdSet({ key: 'Account', priority: -10, commands: [cmd('look')] });
    account.add(base);
    session.add(new CmdSet({ key: 'Session', priority: -20, commands: [cmd('who')] }));

    const first = session.current([account]);
    expect(session.current([account])).toBe(first);
    expect(keysOf(first).sort()).toEqual(['look', 'who']);

    base.add(cmd('ping'));
    const second = session.current([account]);
    expect(second).not.toBe(first);
    expect(keysOf(second)).toContain('ping');

    session.add(new CmdSet({ key: 'Menu', priority: 100, mergeType: 'Replace', commands: [cmd('done')] }));
    expect(keysOf(session.current([account]))).toEqual(['done']);
    session.remove('Menu');
    expect(keysOf(session.current([account])).sort()).toEqual(['look', 'ping', 'who']);
    // A different puppet (another lower owner) is a different stack.
    const puppet = new CmdSetHandler();
    puppet.add(new CmdSet({ key: 'Character', commands: [cmd('say')] }));
    expect(keysOf(session.current([account, puppet]))).toContain('say');
  });

  it('a tie merge keeps both same-named commands, and filter keeps them too', () => {
    const handler = new CmdSetHandler();
    handler.add(new CmdSet({ key: 'A', priority: 5, duplicates: true, commands: [cmd('dance')] }));
    handler.add(new CmdSet({ key: 'B', priority: 5, duplicates: true, commands: [cmd('dance')] }));
    const merged = handler.current();
    expect(keysOf(merged)).toEqual(['dance', 'dance']);
    expect(keysOf(merged.filter(() => true))).toEqual(['dance', 'dance']);
    // Whereas building a set with `add` keeps one: why the handler must not re-wrap a merge.
    expect(keysOf(new CmdSet({ key: 'X', duplicates: true, commands: [...merged.commands] }))).toEqual(['dance']);
  });
});
