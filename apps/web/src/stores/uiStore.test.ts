import { describe, expect, it } from 'vitest';
import { createUiStore } from './uiStore.js';

describe('uiStore', () => {
  it('remembers the screen-reader choice in the given storage', () => {
    const map = new Map<string, string>();
    const prefs = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    expect(createUiStore(prefs).getState().screenReader).toBe(false);
    createUiStore(prefs).getState().setScreenReader(true);
    expect(createUiStore(prefs).getState().screenReader).toBe(true);
  });

  it('works without storage', () => {
    const store = createUiStore();
    store.getState().setSidebarOpen(false);
    store.getState().setScreenReader(true);
    expect(store.getState()).toMatchObject({ sidebarOpen: false, screenReader: true });
  });
});
