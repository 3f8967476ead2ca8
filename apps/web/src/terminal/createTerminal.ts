import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { applyToTerminal, type TerminalLook, terminalLook } from '../settings/applyToTerminal.js';
import { defaultSettings } from '../settings/settings.js';
import { type LinkHover, openInNewTab, webLinks } from './links.js';
import { trackPlayerText } from './playerText.js';
import { createTerminalSearch, type TerminalSearch } from './search/TerminalSearch.js';
import type { TerminalSink } from './TerminalSink.js';

export interface MudTerminal extends TerminalSink {
  /** Puts the terminal in `container` and keeps it fitted; returns a function that stops fitting. */
  attach(container: HTMLElement): () => void;
  /** Every buffer line, trailing blanks trimmed, joined by "\n" (the docs/architecture.md#test-hooks test hook). */
  text(): string;
  /** True while the player has text selected in the terminal. */
  hasSelection(): boolean;
  /** xterm's screen-reader mode: an accessible DOM mirror of the rows for screen readers. */
  setScreenReaderMode(on: boolean): void;
  /** The player's font, line height, colours and motion (docs/architecture.md#player-settings), per screen width. */
  setLook(lookFor: (narrow: boolean) => TerminalLook): void;
  /** The web link under the pointer, as it changes (null: none), for the tooltip. */
  onLinkHover(listener: (link: LinkHover | null) => void): () => void;
  /** Search in the scrollback (docs/web-terminal.md#search). */
  readonly search: TerminalSearch;
  dispose(): void;
}

export interface TerminalOptions {
  screenReaderMode?: boolean;
  /** Opens a clicked link; defaults to a new tab without an opener. */
  openLink?: (url: string) => void;
  /** Puts text on the clipboard; defaults to the async Clipboard API. */
  copy?: (text: string) => void;
}

function copyToClipboard(text: string): void {
  // Needs a secure context (https or localhost); elsewhere Ctrl+C on the selection still works.
  navigator.clipboard?.writeText(text).catch(() => {});
}

/**
 * An xterm.js terminal for game output. It is created before React mounts so no output is lost:
 * xterm buffers writes made before `open()`. Keystrokes go to the command input, not here.
 * Selecting text copies it (PuTTY style), since focus goes back to the command input where
 * Ctrl+C would copy nothing; xterm's clipboard addon (OSC 52, clipboard writes driven by the
 * game's output) is deliberately not loaded.
 */
export function createTerminal(options: TerminalOptions = {}): MudTerminal {
  const term = new Terminal({
    convertEol: true,
    scrollback: 5000,
    disableStdin: true,
    cursorInactiveStyle: 'none',
    screenReaderMode: options.screenReaderMode ?? false,
    fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
    ...terminalLook(defaultSettings(false), false),
    // The search addon highlights matches with decorations, which xterm 6 counts as proposed API.
    allowProposedApi: true,
  });
  let lookFor = (narrow: boolean) => terminalLook(defaultSettings(false), narrow);
  /** Applies the look to the terminal, fitting it again if the cell size changed; set by `attach`. */
  let restyle = (): void => {
    applyToTerminal(term.options, lookFor(false));
  };
  const fit = new FitAddon();
  term.loadAddon(fit);
  const playerRows = trackPlayerText(term);
  const hoverListeners = new Set<(link: LinkHover | null) => void>();
  const hover = (link: LinkHover | null) => {
    for (const listener of hoverListeners) listener(link);
  };
  term.loadAddon(webLinks(playerRows, options.openLink ?? openInNewTab, hover));
  const copy = options.copy ?? copyToClipboard;
  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a search selects its match: that selection is not the player's, so no copy. */
  let searchSelecting = false;
  const search = createTerminalSearch(term, (on) => {
    searchSelecting = on;
  });
  // Selection changes fire on every mouse move of a drag: copy once it settles.
  const selection = term.onSelectionChange(() => {
    clearTimeout(copyTimer);
    if (searchSelecting) return;
    copyTimer = setTimeout(() => {
      const text = term.getSelection();
      if (text !== '') copy(text);
    }, 150);
  });

  return {
    write: (data) => term.write(data),
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    onResize: (listener) => {
      const disposable = term.onResize(listener);
      return () => disposable.dispose();
    },
    attach: (container) => {
      if (term.element === undefined) term.open(container);
      else if (term.element.parentElement !== container) container.appendChild(term.element);
      let frame = 0;
      // Coalesce bursts of resize notifications into one fit per animation frame.
      const refit = () => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => fit.fit());
      };
      // Phones get a smaller font (unless the player chose one), so that lines of 80 columns wrap less.
      const narrow = window.matchMedia('(max-width: 600px)');
      const setFont = () => {
        if (applyToTerminal(term.options, lookFor(narrow.matches))) refit();
      };
      restyle = setFont;
      applyToTerminal(term.options, lookFor(narrow.matches));
      narrow.addEventListener('change', setFont);
      fit.fit();
      // The container changes size with the window and when panels come and go.
      const observer = new ResizeObserver(refit);
      observer.observe(container);
      window.addEventListener('resize', refit);
      return () => {
        cancelAnimationFrame(frame);
        narrow.removeEventListener('change', setFont);
        observer.disconnect();
        window.removeEventListener('resize', refit);
      };
    },
    text: () => {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
    hasSelection: () => term.hasSelection(),
    setScreenReaderMode: (on) => {
      term.options.screenReaderMode = on;
    },
    setLook: (look) => {
      lookFor = look;
      restyle();
    },
    onLinkHover: (listener) => {
      hoverListeners.add(listener);
      return () => hoverListeners.delete(listener);
    },
    search,
    dispose: () => {
      clearTimeout(copyTimer);
      hoverListeners.clear();
      playerRows.dispose();
      selection.dispose();
      term.dispose();
    },
  };
}
