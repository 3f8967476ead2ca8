import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';

/** Where the search stands: the active match (1-based; 0 when none) of `count`. */
export interface SearchResults {
  index: number;
  count: number;
}

/** Search in the terminal's scrollback (docs/web-terminal.md#search). */
export interface TerminalSearch {
  /**
   * Finds the next match of `query` (below the current one); true if there is one. `incremental`
   * (while the query is typed): the current match grows with the query rather than moving on.
   */
  next(query: string, incremental?: boolean): Promise<boolean>;
  /** Finds the previous match (above the current one). */
  previous(query: string): Promise<boolean>;
  /** Removes the highlights and the selected match. */
  clear(): void;
  onResults(listener: (results: SearchResults) => void): () => void;
}

/** Matches are highlighted, the active one brighter; xterm wants #RRGGBB here. */
const OPTIONS: ISearchOptions = {
  caseSensitive: false,
  decorations: {
    matchBackground: '#5a4a1c',
    matchBorder: '#e9c46a',
    matchOverviewRuler: '#e9c46a',
    activeMatchBackground: '#b8860b',
    activeMatchBorder: '#ffffff',
    activeMatchColorOverviewRuler: '#ffffff',
  },
};

/**
 * xterm's search addon, loaded on first use (a dynamic import: it is not part of the initial
 * load). `selecting` is told while a search moves the selection, so that the terminal does not
 * copy a match to the clipboard as it copies what the player selects.
 */
export function createTerminalSearch(term: Terminal, selecting: (on: boolean) => void): TerminalSearch {
  let addon: Promise<SearchAddon> | undefined;
  const listeners = new Set<(results: SearchResults) => void>();
  const emit = (results: SearchResults) => {
    for (const listener of listeners) listener(results);
  };
  const load = () => {
    addon ??= import('@xterm/addon-search').then(({ SearchAddon }) => {
      const search = new SearchAddon();
      term.loadAddon(search);
      search.onDidChangeResults(({ resultIndex, resultCount }) => emit({ index: resultIndex + 1, count: resultCount }));
      return search;
    });
    return addon;
  };
  const find = async (query: string, direction: 'findNext' | 'findPrevious', incremental = false) => {
    const search = await load();
    if (query === '') {
      search.clearDecorations();
      emit({ index: 0, count: 0 });
      return false;
    }
    selecting(true);
    try {
      return search[direction](query, { ...OPTIONS, incremental });
    } finally {
      selecting(false);
    }
  };
  return {
    next: (query, incremental) => find(query, 'findNext', incremental),
    previous: (query) => find(query, 'findPrevious'),
    clear: () => {
      void addon?.then((search) => {
        search.clearDecorations();
        term.clearSelection();
      });
    },
    onResults: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
