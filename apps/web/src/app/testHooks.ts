import type { MudClient } from './createMudClient.js';

/**
 * Test hook (docs/architecture.md#test-hooks): end-to-end tests read the terminal's text and reach the live socket (to
 * close it and watch the client react) through `window.__mud`. It is part of the production build
 * on purpose: the e2e suite runs against the same bundle the portal serves. Keep it read-only;
 * it never exposes the resume token.
 */
export interface MudTestHooks {
  /** Every line of the terminal buffer (scrollback included), right-trimmed, joined by "\n". */
  terminalText(): string;
  /** The current websocket, if one is open or opening. */
  socket(): WebSocket | undefined;
  /** This tab's session id, once the portal told it. */
  sessid(): number | null;
  /** The terminal's width in columns: it follows the window (the fit addon). */
  cols(): number;
}

export function installTestHooks(target: Window, client: MudClient): void {
  target.__mud = {
    terminalText: () => client.terminal.text(),
    socket: () => client.connection.socket,
    sessid: () => client.stores.session.getState().session?.sessid ?? null,
    cols: () => client.terminal.cols,
  };
}
