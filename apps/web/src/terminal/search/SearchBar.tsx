import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { SearchResults, TerminalSearch } from './TerminalSearch.js';
import './searchBar.css';

interface SearchBarProps {
  search: TerminalSearch;
  /** The bar closed: the app gives the focus back to the command input. */
  onClose?: () => void;
}

/** Ctrl+F, and Cmd+F on a Mac: the browser's own find would search the page, not the scrollback. */
function isFindKey(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

function describe(results: SearchResults | null, query: string): string {
  if (results === null || query === '') return '';
  if (results.count === 0) return 'No matches';
  return results.index > 0 ? `${results.index} of ${results.count}` : `${results.count} matches`;
}

/**
 * The scrollback's search bar (docs/web-terminal.md#search), over the terminal's top right corner.
 * Ctrl+F / Cmd+F opens it (or selects its text when open); Enter or F3 finds the next match
 * (further down), Shift+Enter or Shift+F3 the previous one; Esc closes it, clears the highlights
 * and hands the focus back.
 */
export function SearchBar({ search, onClose }: SearchBarProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => search.onResults(setResults), [search]);

  const next = useCallback(() => void search.next(query), [search, query]);
  const previous = useCallback(() => void search.previous(query), [search, query]);
  const close = useCallback(() => {
    search.clear();
    setOpen(false);
    onClose?.();
  }, [search, onClose]);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (isFindKey(event)) {
        event.preventDefault();
        setOpen(true);
        input.current?.focus();
        input.current?.select();
      } else if (open && event.key === 'F3') {
        event.preventDefault();
        if (event.shiftKey) previous();
        else next();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, next, previous]);

  // Opened: the field takes the focus, its last query selected to be typed over.
  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    input.current?.select();
  }, [open]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (event.shiftKey) previous();
      else next();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <search className="terminal-search" aria-label="Search the game output">
      <input
        ref={input}
        data-testid="terminal-search"
        className="terminal-search__input"
        type="search"
        aria-label="Find in the game output"
        placeholder="Find"
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          void search.next(event.target.value, true);
        }}
        onKeyDown={onKeyDown}
      />
      <output className="terminal-search__count" data-testid="terminal-search-count" aria-live="polite">
        {describe(results, query)}
      </output>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-label="Previous match"
        onClick={previous}
      >
        ↑
      </button>
      <button type="button" className="button button--ghost button--small" aria-label="Next match" onClick={next}>
        ↓
      </button>
      <button type="button" className="button button--ghost button--small" aria-label="Close search" onClick={close}>
        ✕
      </button>
    </search>
  );
}
