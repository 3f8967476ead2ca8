import type { Connection } from '../net/Connection.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { clientOptionsFrame } from '../net/clientOptions.js';
import type { OutputStore } from '../stores/outputStore.js';
import { keepScrollback } from '../terminal/history/keepScrollback.js';
import type { Scrollback } from '../terminal/history/Scrollback.js';
import type { TerminalSink } from '../terminal/TerminalSink.js';

export interface WireTerminalOptions {
  /** Resizes settle this long before `client_options` is sent, so a window drag sends one frame. */
  resizeDebounceMs?: number;
  /** The tab's kept scrollback, restored after a refresh (docs/web-terminal.md#scrollback-across-a-refresh). */
  scrollback?: Scrollback;
}

/**
 * Connects the output and the socket to the terminal: every output entry is written once, in
 * order (and kept for a refresh, with `scrollback`); the screen size is sent when a session becomes usable and on resize. Returns a function
 * that unwires it.
 */
export function wireTerminal(
  connection: Connection,
  output: OutputStore,
  terminal: TerminalSink,
  options: WireTerminalOptions = {},
) {
  const debounceMs = options.resizeDebounceMs ?? 250;
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The size this socket was last told, so a fit that changes nothing sends nothing. */
  let sentSize = '';
  let written = 0;

  const writeNew = () => {
    if (keeper?.holding) return;
    for (const entry of output.getState().entries) {
      if (entry.id <= written) continue;
      terminal.write(entry.ansi);
      keeper?.record(entry.ansi);
      written = entry.id;
    }
  };
  const keeper = options.scrollback && keepScrollback(connection, options.scrollback, terminal, writeNew);
  const sendSize = () => {
    const size = `${terminal.cols}x${terminal.rows}`;
    if (size !== sentSize && connection.send(clientOptionsFrame(terminal.cols, terminal.rows))) sentSize = size;
  };

  writeNew();
  const unwire = [
    output.subscribe(writeNew),
    connection.on('status', (status) => {
      // A resumed session may have been told another size by another page: tell it again.
      if (status === ConnectionStatus.Connected) {
        sentSize = '';
        sendSize();
      }
    }),
    terminal.onResize(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(sendSize, debounceMs);
    }),
  ];

  return () => {
    clearTimeout(resizeTimer);
    for (const off of unwire) off();
    keeper?.dispose();
  };
}
