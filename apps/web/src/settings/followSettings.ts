import type { MudTerminal } from '../terminal/createTerminal.js';
import { applyToPage, type PageRoot } from './applyToPage.js';
import { terminalLook } from './applyToTerminal.js';
import type { SettingsStore } from './settingsStore.js';

/** Keeps the terminal's look in step with the settings; returns a function that stops it. */
export function followSettingsInTerminal(store: SettingsStore, terminal: Pick<MudTerminal, 'setLook'>): () => void {
  const apply = () => {
    const { settings } = store.getState();
    terminal.setLook((narrow) => terminalLook(settings, narrow));
  };
  apply();
  return store.subscribe((state, previous) => {
    if (state.settings !== previous.settings) apply();
  });
}

/** Keeps `<html>`'s theme and motion attributes in step with the settings (after prefs.js set them first). */
export function followSettingsInPage(store: SettingsStore, root: PageRoot): () => void {
  applyToPage(root, store.getState().settings);
  return store.subscribe((state, previous) => {
    if (state.settings !== previous.settings) applyToPage(root, state.settings);
  });
}
