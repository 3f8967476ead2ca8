import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PreferenceStorage } from '../stores/uiStore.js';
import { defaultSettings, parseSettings, SETTINGS_KEY, type Settings } from './settings.js';

/** The keys the stored JSON has (valid or not: an invalid value is replaced by its default). */
function storedKeys(raw: string | null): (keyof Settings)[] {
  try {
    const stored: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof stored !== 'object' || stored === null) return [];
    return Object.keys(stored).filter((key): key is keyof Settings => key in SETTING_NAMES);
  } catch {
    return [];
  }
}

const SETTING_NAMES: Record<keyof Settings, true> = {
  fontSize: true,
  theme: true,
  lineHeight: true,
  reducedMotion: true,
  notify: true,
};

function pick(settings: Settings, keys: (keyof Settings)[]): Partial<Settings> {
  return Object.fromEntries(keys.map((key) => [key, settings[key]]));
}

export interface SettingsState {
  settings: Settings;
  /** Changes some settings and stores them all (kept for this page only if storage refuses). */
  update(changes: Partial<Settings>): void;
}

export type SettingsStore = StoreApi<SettingsState>;

/**
 * The player's settings, read from `prefs` (localStorage) once and written back on each change.
 * Reduced motion defaults to the system's `prefers-reduced-motion`; everything else has a fixed default.
 */
export function createSettingsStore(prefs?: PreferenceStorage, prefersReducedMotion = false): SettingsStore {
  const defaults = defaultSettings(prefersReducedMotion);
  let raw: string | null = null;
  try {
    raw = prefs?.getItem(SETTINGS_KEY) ?? null;
  } catch {
    // storage refused: start with the defaults
  }
  const settings = parseSettings(raw, defaults);
  // Only what the player chose is stored, so an untouched setting keeps following its default
  // (reduced motion follows the system until the player picks it here).
  let chosen = pick(settings, storedKeys(raw));
  return createStore<SettingsState>()((set, get) => ({
    settings,
    update: (changes) => {
      chosen = { ...chosen, ...changes };
      try {
        prefs?.setItem(SETTINGS_KEY, JSON.stringify(chosen));
      } catch {
        // kept for this page only
      }
      set({ settings: { ...get().settings, ...changes } });
    },
  }));
}
