import { describe, expect, it } from 'vitest';
import { CommandHistory } from './CommandHistory.js';

describe('CommandHistory', () => {
  it('recalls lines newest first and returns to the draft', () => {
    const history = new CommandHistory();
    history.push('look');
    history.push('say hi');
    expect(history.previous('half')).toBe('say hi');
    expect(history.previous('say hi')).toBe('look');
    expect(history.previous('look')).toBeUndefined();
    expect(history.next()).toBe('say hi');
    expect(history.next()).toBe('half');
    expect(history.next()).toBeUndefined();
  });

  it('skips blank lines and consecutive duplicates', () => {
    const history = new CommandHistory();
    history.push('look');
    history.push('look');
    history.push('   ');
    expect(history.size).toBe(1);
  });

  it('never keeps lines that carry a password', () => {
    const history = new CommandHistory();
    history.push('connect Ann hunter22');
    history.push('create "Ann B" hunter22');
    history.push('PASSWORD old = new');
    history.push('connected');
    expect(history.size).toBe(1);
    expect(history.previous('')).toBe('connected');
  });

  it('drops the oldest entries beyond its limit', () => {
    const history = new CommandHistory(2);
    history.push('a');
    history.push('b');
    history.push('c');
    expect(history.previous('')).toBe('c');
    expect(history.previous('')).toBe('b');
    expect(history.previous('')).toBeUndefined();
  });

  it('restarts from the newest after a push', () => {
    const history = new CommandHistory();
    history.push('a');
    history.push('b');
    history.previous('');
    history.previous('');
    history.push('c');
    expect(history.previous('')).toBe('c');
  });
});
