import { createStore, type StoreApi } from 'zustand/vanilla';

export interface UiState {
  /** Screen-reader mode: xterm's accessible rows plus a polite live log of the output. */
  screenReader: boolean;
  /** On narrow screens the side panel (login, menu, session) folds away while playing. */
  sidebarOpen: boolean;
  setScreenReader(on: boolean): void;
  setSidebarOpen(open: boolean): void;
}

export type UiStore = StoreApi<UiState>;

export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;
const SCREEN_READER_KEY = 'mud.screenReader';

/** View preferences; the screen-reader choice is remembered (per browser) in `prefs`. */
export function createUiStore(prefs?: PreferenceStorage): UiStore {
  let screenReader = false;
  try {
    screenReader = prefs?.getItem(SCREEN_READER_KEY) === '1';
  } catch {
    // storage refused: start with the default
  }
  return createStore<UiState>()((set) => ({
    screenReader,
    sidebarOpen: true,
    setScreenReader: (on) => {
      try {
        prefs?.setItem(SCREEN_READER_KEY, on ? '1' : '0');
      } catch {
        // kept for this page only
      }
      set({ screenReader: on });
    },
    setSidebarOpen: (open) => set({ sidebarOpen: open }),
  }));
}
