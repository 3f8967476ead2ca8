import type { Connection } from '../net/Connection.js';
import type { ConnectionStore } from './connectionStore.js';
import type { SessionStore } from './sessionStore.js';

export interface Stores {
  connection: ConnectionStore;
  session: SessionStore;
}

/** Feeds a connection's events into the stores. Returns a function that unbinds them. */
export function bindConnection(connection: Connection, stores: Stores): () => void {
  stores.connection.getState().setStatus(connection.status);
  const unbind = [
    connection.on('status', (status) => stores.connection.getState().setStatus(status)),
    connection.on('close', (info) => {
      stores.connection.getState().closed(info);
      stores.session.getState().reset();
    }),
    connection.on('frame', (frame) => stores.session.getState().applyFrame(frame)),
  ];
  return () => {
    for (const off of unbind) off();
  };
}
