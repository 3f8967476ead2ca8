import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { applyToTerminal, type TerminalLook, terminalLook } from '../settings/applyToTerminal.js';
import { defaultSettings } from '../settings/settings.js';
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
  dispose(): void;
}

export interface TerminalOptions {
  screenReaderMode?: boolean;
  /** Opens a clicked link; defaults to a new tab without an opener. */
  openLink?: (url: string) => void;
  /** Puts text on the clipboard; defaults to the async Clipboard API. */
  copy?: (text: string) => void;
}

/** Only web links are opened: the game's text is not trusted to launch other schemes. */
export function isWebLink(uri: string): boolean {
  try {
    const { protocol } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function openInNewTab(url: string): void {
  // noopener: the opened page cannot reach back into the game's tab (reverse tabnabbing).
  window.open(url, '_blank', 'noopener,noreferrer');
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
  });
  let lookFor = (narrow: boolean) => terminalLook(defaultSettings(false), narrow);
  /** Applies the look to the terminal, fitting it again if the cell size changed; set by `attach`. */
  let restyle = (): void => {
    applyToTerminal(term.options, lookFor(false));
  };
  const fit = new FitAddon();
  term.loadAddon(fit);
  const openLink = options.openLink ?? openInNewTab;
  term.loadAddon(
    new WebLinksAddon((event, uri) => {
      event.preventDefault();
      if (isWebLink(uri)) openLink(uri);
    }),
  );
  const copy = options.copy ?? copyToClipboard;
  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  // Selection changes fire on every mouse move of a drag: copy once it settles.
  const selection = term.onSelectionChange(() => {
    clearTimeout(copyTimer);
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
    dispose: () => {
      clearTimeout(copyTimer);
      selection.dispose();
      term.dispose();
    },
  };
}
