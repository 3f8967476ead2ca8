import { Connection, type WebSocketConstructor } from '../net/Connection.js';
import { bindConnection, type Stores } from '../stores/bindConnection.js';
import { createConnectionStore } from '../stores/connectionStore.js';
import { createSessionStore } from '../stores/sessionStore.js';
import { createTerminal, type MudTerminal } from '../terminal/createTerminal.js';
import { wireTerminal } from './wireTerminal.js';

/** Everything one browser tab needs, built once at the entry point and handed to React. */
export interface MudClient {
  connection: Connection;
  stores: Stores;
  terminal: MudTerminal;
  dispose(): void;
}

export interface MudClientOptions {
  url: string;
  WebSocket?: WebSocketConstructor;
}

export function createMudClient(options: MudClientOptions): MudClient {
  const connection = new Connection(options);
  const stores: Stores = { connection: createConnectionStore(), session: createSessionStore() };
  const terminal = createTerminal();
  const unbind = bindConnection(connection, stores);
  const unwire = wireTerminal(connection, terminal);
  return {
    connection,
    stores,
    terminal,
    dispose: () => {
      unwire();
      unbind();
      connection.dispose();
      terminal.dispose();
    },
  };
}
