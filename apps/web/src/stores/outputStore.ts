import { createStore, type StoreApi } from 'zustand/vanilla';
import { stripAnsi } from '../terminal/stripAnsi.js';

/** What wrote a line: the game (text, prompt, error) or the client itself (notice). */
export type OutputKind = 'text' | 'prompt' | 'error' | 'notice';

export interface OutputEntry {
  /** Increasing from 1; consumers remember the last one they handled. */
  id: number;
  kind: OutputKind;
  /** As the terminal writes it: ANSI colours, CRLF line ends. */
  ansi: string;
  /** Plain text without escape sequences, for the accessible live log. */
  text: string;
}

export interface OutputState {
  /** The newest entries, at most `limit` (the terminal keeps its own, longer scrollback). */
  entries: OutputEntry[];
  lastId: number;
  append(kind: OutputKind, ansi: string): void;
  clear(): void;
}

export type OutputStore = StoreApi<OutputState>;

/** The game's output, one entry per frame or client notice, for the terminal and the live log. */
export function createOutputStore(limit = 300): OutputStore {
  return createStore<OutputState>()((set) => ({
    entries: [],
    lastId: 0,
    append: (kind, ansi) =>
      set((state) => {
        const id = state.lastId + 1;
        const text = stripAnsi(ansi).replace(/\n+$/, '');
        const entries = [...state.entries, { id, kind, ansi, text }];
        return { entries: entries.length > limit ? entries.slice(entries.length - limit) : entries, lastId: id };
      }),
    clear: () => set({ entries: [] }),
  }));
}
