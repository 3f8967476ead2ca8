import { Connection, type WebSocketConstructor } from '../net/Connection.js';
import { memoryTokenStore, storageTokenStore } from '../net/TokenStore.js';
import { followSettingsInTerminal } from '../settings/followSettings.js';
import { createSettingsStore, type SettingsStore } from '../settings/settingsStore.js';
import { bindConnection, type Stores } from '../stores/bindConnection.js';
import { createCharMenuStore } from '../stores/charMenuStore.js';
import { createConnectionStore } from '../stores/connectionStore.js';
import { createOutputStore } from '../stores/outputStore.js';
import type { SnapshotStorage } from '../stores/sessionSnapshot.js';
import { createSessionStore } from '../stores/sessionStore.js';
import { createUiStore, type PreferenceStorage, type UiStore } from '../stores/uiStore.js';
import { createTerminal, type MudTerminal } from '../terminal/createTerminal.js';
import { Scrollback } from '../terminal/history/Scrollback.js';
import { wireTerminal } from './wireTerminal.js';

/** Everything one browser tab needs, built once at the entry point and handed to React. */
export interface MudClient {
  connection: Connection;
  stores: Stores;
  ui: UiStore;
  /** The player's settings (docs/architecture.md#player-settings). */
  settings: SettingsStore;
  terminal: MudTerminal;
  /** Sends a command line as typed by the player; false when there is no session to send it to. */
  sendLine(line: string): boolean;
  dispose(): void;
}

export interface MudClientOptions {
  /** The socket's URL, or a function of the terminal's size giving it for each new socket. */
  url: string | ((size: { cols: number; rows: number }) => string);
  WebSocket?: WebSocketConstructor;
  /** Per-tab storage for the resume token and the session's last state: `sessionStorage`. */
  tabStorage?: SnapshotStorage;
  /** Per-browser storage for view preferences: `localStorage`. */
  prefs?: PreferenceStorage;
  /** The system's `prefers-reduced-motion`: the default of the reduced-motion setting. */
  prefersReducedMotion?: boolean;
  /** Builds the terminal; tests pass a fake (xterm needs a DOM). */
  createTerminal?: (screenReaderMode: boolean) => MudTerminal;
}

export function createMudClient(options: MudClientOptions): MudClient {
  const { tabStorage } = options;
  const { url } = options;
  const connection = new Connection({
    url: typeof url === 'string' ? url : () => url({ cols: terminal.cols, rows: terminal.rows }),
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    tokens: tabStorage ? storageTokenStore(tabStorage) : memoryTokenStore(),
  });
  const stores: Stores = {
    connection: createConnectionStore(),
    session: createSessionStore(),
    charMenu: createCharMenuStore(),
    output: createOutputStore(),
  };
  const ui = createUiStore(options.prefs);
  const terminal = (options.createTerminal ?? ((sr) => createTerminal({ screenReaderMode: sr })))(
    ui.getState().screenReader,
  );
  const settings = createSettingsStore(options.prefs, options.prefersReducedMotion);
  const unlook = followSettingsInTerminal(settings, terminal);
  const unbind = bindConnection(connection, stores, tabStorage ? { snapshot: tabStorage } : {});
  const page = typeof window === 'undefined' ? {} : { page: window };
  const scrollback = tabStorage && new Scrollback(tabStorage, page);
  const unwire = wireTerminal(connection, stores.output, terminal, scrollback ? { scrollback } : {});
  const unfollow = ui.subscribe((state, previous) => {
    if (state.screenReader !== previous.screenReader) terminal.setScreenReaderMode(state.screenReader);
  });
  return {
    connection,
    stores,
    ui,
    settings,
    terminal,
    sendLine: (line) => {
      if (!connection.send(['text', [line], {}])) return false;
      stores.session.getState().inputSent();
      return true;
    },
    dispose: () => {
      unfollow();
      unlook();
      unwire();
      unbind();
      connection.dispose();
      terminal.dispose();
    },
  };
}
