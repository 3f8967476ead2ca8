import { describe, expect, it } from 'vitest';
import { memoryTokenStore, storageTokenStore } from './TokenStore.js';

class MapStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

describe('TokenStore', () => {
  it('memory: saves, loads and clears', () => {
    const store = memoryTokenStore();
    expect(store.load()).toBeNull();
    store.save({ token: 't'.repeat(20), graceSeconds: 60 });
    expect(store.load()).toEqual({ token: 't'.repeat(20), graceSeconds: 60 });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('storage: survives a new store over the same storage (a page refresh)', () => {
    const storage = new MapStorage();
    storageTokenStore(storage).save({ token: 'abc'.repeat(8), graceSeconds: 30 });
    expect(storageTokenStore(storage).load()).toEqual({ token: 'abc'.repeat(8), graceSeconds: 30 });
    storageTokenStore(storage).clear();
    expect(storageTokenStore(storage).load()).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('storage: ignores garbage and falls back to memory when storage throws', () => {
    const storage = new MapStorage();
    storage.setItem('mud.resume', '{"token":5}');
    expect(storageTokenStore(storage).load()).toBeNull();
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
    const store = storageTokenStore(broken);
    store.save({ token: 'x'.repeat(16), graceSeconds: 60 });
    expect(store.load()?.token).toBe('x'.repeat(16));
    store.clear();
    expect(store.load()).toBeNull();
  });
});
