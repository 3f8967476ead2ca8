import { Connection, type WebSocketConstructor } from '../net/Connection.js';
import { memoryTokenStore, storageTokenStore } from '../net/TokenStore.js';
import { bindConnection, type Stores } from '../stores/bindConnection.js';
import { createCharMenuStore } from '../stores/charMenuStore.js';
import { createConnectionStore } from '../stores/connectionStore.js';
import { createOutputStore } from '../stores/outputStore.js';
import type { SnapshotStorage } from '../stores/sessionSnapshot.js';
import { createSessionStore } from '../stores/sessionStore.js';
import { createTerminal, type MudTerminal } from '../terminal/createTerminal.js';
import { wireTerminal } from './wireTerminal.js';

/** Everything one browser tab needs, built once at the entry point and handed to React. */
export interface MudClient {
  connection: Connection;
  stores: Stores;
  terminal: MudTerminal;
  /** Sends a command line as typed by the player; false when there is no session to send it to. */
  sendLine(line: string): boolean;
  dispose(): void;
}

export interface MudClientOptions {
  url: string;
  WebSocket?: WebSocketConstructor;
  /** Per-tab storage for the resume token and the session's last state: `sessionStorage`. */
  tabStorage?: SnapshotStorage;
}

export function createMudClient(options: MudClientOptions): MudClient {
  const { tabStorage } = options;
  const connection = new Connection({
    url: options.url,
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    tokens: tabStorage ? storageTokenStore(tabStorage) : memoryTokenStore(),
  });
  const stores: Stores = {
    connection: createConnectionStore(),
    session: createSessionStore(),
    charMenu: createCharMenuStore(),
    output: createOutputStore(),
  };
  const terminal = createTerminal();
  const unbind = bindConnection(connection, stores, tabStorage ? { snapshot: tabStorage } : {});
  const unwire = wireTerminal(connection, stores.output, terminal);
  return {
    connection,
    stores,
    terminal,
    sendLine: (line) => {
      if (!connection.send(['text', [line], {}])) return false;
      stores.session.getState().inputSent();
      return true;
    },
    dispose: () => {
      unwire();
      unbind();
      connection.dispose();
      terminal.dispose();
    },
  };
}
