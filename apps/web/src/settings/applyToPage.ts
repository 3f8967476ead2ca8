import type { Settings } from './settings.js';

/** The part of `document` the page settings touch (a fake in unit tests). */
export interface PageRoot {
  documentElement: Pick<HTMLElement, 'setAttribute' | 'removeAttribute'>;
  querySelector(selector: 'meta[name="color-scheme"]'): Pick<HTMLMetaElement, 'setAttribute'> | null;
}

/**
 * Puts the settings on `<html>` for the stylesheets (settings.css): `data-theme` picks the
 * colours, `data-reduced-motion` turns transitions and animations off. `public/prefs.js` does
 * the same before the first paint (docs/architecture.md#player-settings); this keeps it current.
 */
export function applyToPage(root: PageRoot, settings: Settings): void {
  const html = root.documentElement;
  html.setAttribute('data-theme', settings.theme);
  if (settings.reducedMotion) html.setAttribute('data-reduced-motion', '');
  else html.removeAttribute('data-reduced-motion');
  root.querySelector('meta[name="color-scheme"]')?.setAttribute('content', settings.theme);
}
