import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TerminalSink } from './TerminalSink.js';
import { darkTheme } from './theme.js';

export interface MudTerminal extends TerminalSink {
  /** Puts the terminal in `container` and keeps it fitted; returns a function that stops fitting. */
  attach(container: HTMLElement): () => void;
  /** Every buffer line, trailing blanks trimmed, joined by "\n" (the SPEC §8 test hook). */
  text(): string;
  dispose(): void;
}

/**
 * An xterm.js terminal for game output. It is created before React mounts so no output is lost:
 * xterm buffers writes made before `open()`. Keystrokes go to the command input, not here.
 */
export function createTerminal(): MudTerminal {
  const term = new Terminal({
    convertEol: true,
    scrollback: 5000,
    disableStdin: true,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    // Puts the text in an accessible DOM tree too, which end-to-end tests can read (SPEC §8).
    screenReaderMode: true,
    fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    theme: darkTheme,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);

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
      fit.fit();
      // The container changes size with the window and when the login form comes and goes.
      const observer = new ResizeObserver(refit);
      observer.observe(container);
      window.addEventListener('resize', refit);
      return () => {
        cancelAnimationFrame(frame);
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
    dispose: () => term.dispose(),
  };
}
