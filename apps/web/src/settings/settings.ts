/**
 * The settings a player keeps, per browser (docs/architecture.md#player-settings). Stored as one
 * JSON object under `mud.settings` in localStorage; `public/prefs.js` reads the same key before
 * the first paint, so the two must agree on names and ranges.
 */
export type ThemeName = 'dark' | 'light';

export interface Settings {
  /** The terminal's font size in CSS pixels; null: automatic (smaller on phones). */
  fontSize: number | null;
  theme: ThemeName;
  /** xterm's lineHeight: a multiple of the font's own line height. */
  lineHeight: number;
  /** No transitions, no animations, no smooth scrolling, no blinking cursor. */
  reducedMotion: boolean;
  /** A browser notification for each line addressed to the player while the tab is hidden. */
  notify: boolean;
}

export const SETTINGS_KEY = 'mud.settings';
export const FONT_SIZE = { min: 12, max: 24 } as const;
export const LINE_HEIGHT = { min: 1, max: 1.6 } as const;

export function defaultSettings(prefersReducedMotion: boolean): Settings {
  return { fontSize: null, theme: 'dark', lineHeight: 1.15, reducedMotion: prefersReducedMotion, notify: false };
}

function inRange(value: unknown, range: { min: number; max: number }): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max;
}

/**
 * The stored settings over the defaults: anything missing, of the wrong type or out of range
 * keeps its default, and text that is not JSON at all gives the defaults.
 */
export function parseSettings(raw: string | null, defaults: Settings): Settings {
  let stored: unknown;
  try {
    stored = raw === null ? null : JSON.parse(raw);
  } catch {
    return defaults;
  }
  if (typeof stored !== 'object' || stored === null) return defaults;
  const s = stored as Record<string, unknown>;
  return {
    fontSize: inRange(s.fontSize, FONT_SIZE) ? Math.round(s.fontSize) : defaults.fontSize,
    theme: s.theme === 'light' || s.theme === 'dark' ? s.theme : defaults.theme,
    lineHeight: inRange(s.lineHeight, LINE_HEIGHT) ? s.lineHeight : defaults.lineHeight,
    reducedMotion: typeof s.reducedMotion === 'boolean' ? s.reducedMotion : defaults.reducedMotion,
    notify: typeof s.notify === 'boolean' ? s.notify : defaults.notify,
  };
}
