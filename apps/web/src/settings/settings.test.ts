import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { applyToPage } from './applyToPage.js';
import { terminalLook } from './applyToTerminal.js';
import { defaultSettings, parseSettings, SETTINGS_KEY, type Settings } from './settings.js';
import { createSettingsStore } from './settingsStore.js';

const defaults = defaultSettings(false);

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('parseSettings', () => {
  it('keeps valid stored values over the defaults', () => {
    const raw = JSON.stringify({ fontSize: 20, theme: 'light', lineHeight: 1.5, reducedMotion: true, notify: true });
    expect(parseSettings(raw, defaults)).toEqual({
      fontSize: 20,
      theme: 'light',
      lineHeight: 1.5,
      reducedMotion: true,
      notify: true,
    });
  });

  it.each([
    ['not JSON', '{"theme": "light"'],
    ['null', 'null'],
    ['an array', '[1,2]'],
    ['a number', '7'],
    ['nothing stored', null],
  ])('gives the defaults for %s', (_, raw) => {
    expect(parseSettings(raw, defaults)).toEqual(defaults);
  });

  it('replaces each bad value by its default and keeps the good ones', () => {
    const raw = JSON.stringify({
      fontSize: 200,
      theme: 'sepia',
      lineHeight: '1.2',
      reducedMotion: 'yes',
      notify: true,
    });
    expect(parseSettings(raw, defaults)).toEqual({ ...defaults, notify: true });
    expect(parseSettings(JSON.stringify({ fontSize: 11, lineHeight: 1.7 }), defaults)).toEqual(defaults);
    expect(parseSettings(JSON.stringify({ fontSize: Number.NaN }), defaults)).toEqual(defaults);
  });
});

describe('settings store', () => {
  it('stores only what the player chose, so reduced motion keeps following the system', () => {
    const prefs = memoryStorage();
    const store = createSettingsStore(prefs, true);
    expect(store.getState().settings.reducedMotion).toBe(true);
    store.getState().update({ fontSize: 18 });
    expect(JSON.parse(prefs.map.get(SETTINGS_KEY) ?? '')).toEqual({ fontSize: 18 });
    // The system changed its mind: an untouched setting follows.
    expect(createSettingsStore(prefs, false).getState().settings).toMatchObject({ fontSize: 18, reducedMotion: false });
    createSettingsStore(prefs, false).getState().update({ reducedMotion: true });
    expect(createSettingsStore(prefs, false).getState().settings).toMatchObject({ fontSize: 18, reducedMotion: true });
  });

  it('works when storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const store = createSettingsStore(refusing);
    store.getState().update({ theme: 'light' });
    expect(store.getState().settings.theme).toBe('light');
  });
});

describe('terminalLook', () => {
  it('uses the chosen font size, or the automatic one by screen width', () => {
    expect(terminalLook(defaults, true).fontSize).toBe(12);
    expect(terminalLook(defaults, false).fontSize).toBe(14);
    expect(terminalLook({ ...defaults, fontSize: 20 }, true).fontSize).toBe(20);
  });

  it('turns smooth scrolling off under reduced motion', () => {
    expect(terminalLook({ ...defaults, reducedMotion: true }, false).smoothScrollDuration).toBe(0);
    expect(terminalLook(defaults, false).smoothScrollDuration).toBeGreaterThan(0);
  });
});

/** A stand-in for the few DOM calls prefs.js and applyToPage make. */
function fakePage() {
  const attributes = new Map<string, string>();
  const meta = new Map<string, string>();
  return {
    attributes,
    meta,
    documentElement: {
      setAttribute: (name: string, value: string) => void attributes.set(name, value),
      removeAttribute: (name: string) => void attributes.delete(name),
    },
    querySelector: () => ({ setAttribute: (name: string, value: string) => void meta.set(name, value) }),
  };
}

function runPrefsScript(stored: string | null, systemReduced = false) {
  const page = fakePage();
  const script = readFileSync(new URL('../../public/prefs.js', import.meta.url), 'utf8');
  runInNewContext(script, {
    document: page,
    window: {
      localStorage: { getItem: () => stored },
      matchMedia: () => ({ matches: systemReduced }),
    },
  });
  return page;
}

describe('public/prefs.js (before the first paint)', () => {
  it.each<[string, string | null, boolean]>([
    ['nothing stored', null, false],
    ['nothing stored, a system that reduces motion', null, true],
    ['light and reduced', JSON.stringify({ theme: 'light', reducedMotion: true }), false],
    ['motion chosen over the system', JSON.stringify({ reducedMotion: false }), true],
    ['bad JSON', '{"theme":', false],
    ['a bad theme', JSON.stringify({ theme: '"><script>' }), false],
  ])('sets what applyToPage sets: %s', (_, stored, systemReduced) => {
    const early = runPrefsScript(stored, systemReduced);
    const late = fakePage();
    const settings: Settings = parseSettings(stored, defaultSettings(systemReduced));
    applyToPage(late, settings);
    expect(early.attributes).toEqual(late.attributes);
    expect(early.meta).toEqual(late.meta);
  });

  it('survives storage that throws', () => {
    const page = fakePage();
    const script = readFileSync(new URL('../../public/prefs.js', import.meta.url), 'utf8');
    const window = {
      get localStorage(): Storage {
        throw new Error('SecurityError');
      },
    };
    runInNewContext(script, { document: page, window });
    expect(page.attributes.get('data-theme')).toBe('dark');
  });
});
