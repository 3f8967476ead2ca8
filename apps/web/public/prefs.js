// Applies the player's stored settings to <html> before the first paint: loaded synchronously in
// <head>, since the CSP allows no inline script (docs/architecture.md#player-settings). It mirrors
// src/settings/applyToPage.ts and reads the key src/settings/settings.ts writes; bad stored JSON,
// or storage that refuses, leaves the defaults.
(() => {
  let stored = {};
  try {
    const parsed = JSON.parse(window.localStorage.getItem('mud.settings') || '{}');
    if (parsed && typeof parsed === 'object') stored = parsed;
  } catch {
    // no storage, or not JSON: the defaults
  }
  let reduced = stored.reducedMotion;
  if (typeof reduced !== 'boolean') {
    reduced = Boolean(window.matchMedia?.('(prefers-reduced-motion: reduce)').matches);
  }
  const theme = stored.theme === 'light' ? 'light' : 'dark';
  const html = document.documentElement;
  html.setAttribute('data-theme', theme);
  if (reduced) html.setAttribute('data-reduced-motion', '');
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', theme);
})();
