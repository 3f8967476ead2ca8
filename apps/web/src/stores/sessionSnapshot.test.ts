import type { SessionState } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { clearSnapshot, loadSnapshot, saveSnapshot } from './sessionSnapshot.js';

class MapStorage {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

const session: SessionState = { sessid: 3, loggedIn: true, account: 'Ann', puppet: null, mode: 2 };

describe('sessionSnapshot', () => {
  it('round-trips the state of the named session only', () => {
    const storage = new MapStorage();
    saveSnapshot(storage, session, null);
    expect(loadSnapshot(storage, 3)).toEqual({ session, menu: null });
    expect(loadSnapshot(storage, 4)).toBeNull();
    clearSnapshot(storage);
    expect(loadSnapshot(storage, 3)).toBeNull();
  });

  it('forgets the snapshot when there is no session', () => {
    const storage = new MapStorage();
    saveSnapshot(storage, session, null);
    saveSnapshot(storage, null, null);
    expect(storage.map.size).toBe(0);
  });

  it('checks what it reads back like any frame', () => {
    const storage = new MapStorage();
    storage.setItem('mud.session', JSON.stringify([['session', [], { ...session, sessid: 'three' }], null]));
    expect(loadSnapshot(storage, 3)).toBeNull();
    storage.setItem('mud.session', '{not json');
    expect(loadSnapshot(storage, 3)).toBeNull();
    storage.setItem(
      'mud.session',
      JSON.stringify([
        ['session', [], session],
        ['charmenu', [], { account: 5 }],
      ]),
    );
    expect(loadSnapshot(storage, 3)).toEqual({ session, menu: null });
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => saveSnapshot(broken, session, null)).not.toThrow();
    expect(loadSnapshot(broken, 3)).toBeNull();
    expect(() => clearSnapshot(broken)).not.toThrow();
  });
});
