import type { CloseInfo, Connection } from '../net/Connection.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { clientOptionsFrame } from '../net/clientOptions.js';
import { frameToAnsi, noticeToAnsi } from '../terminal/frameToAnsi.js';
import type { TerminalSink } from '../terminal/TerminalSink.js';

/** RFC 6455 §7.1.5: 1005 means the close frame carried no code; 0 is what some fakes report. */
function closeNotice({ code, reason }: CloseInfo): string {
  const detail = [code === 1005 || code === 0 ? '' : `code ${code}`, reason].filter((part) => part !== '').join(': ');
  return detail === '' ? 'Connection closed.' : `Connection closed (${detail}).`;
}

export interface WireTerminalOptions {
  /** Resizes settle this long before `client_options` is sent, so a window drag sends one frame. */
  resizeDebounceMs?: number;
  /** Where dropped (schema-failing) frames are reported. */
  warn?: (message: string) => void;
}

/**
 * Connects the socket and the terminal: output frames are written, the screen size is sent on
 * open and on resize, and a closed connection is announced. Returns a function that unwires it.
 */
export function wireTerminal(connection: Connection, terminal: TerminalSink, options: WireTerminalOptions = {}) {
  const debounceMs = options.resizeDebounceMs ?? 250;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The size this socket was last told, so a fit that changes nothing sends nothing. */
  let sentSize = '';

  const sendSize = () => {
    const size = `${terminal.cols}x${terminal.rows}`;
    if (size !== sentSize && connection.send(clientOptionsFrame(terminal.cols, terminal.rows))) sentSize = size;
  };

  const unwire = [
    connection.on('frame', (frame) => {
      const ansi = frameToAnsi(frame);
      if (ansi !== null) terminal.write(ansi);
    }),
    connection.on('invalid', (raw) => warn(`Dropped a frame outside the protocol: ${raw.slice(0, 200)}`)),
    connection.on('status', (status) => {
      if (status === ConnectionStatus.Connected) sendSize();
    }),
    connection.on('close', (info) => {
      sentSize = '';
      terminal.write(noticeToAnsi(closeNotice(info)));
    }),
    terminal.onResize(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(sendSize, debounceMs);
    }),
  ];

  return () => {
    clearTimeout(resizeTimer);
    for (const off of unwire) off();
  };
}
