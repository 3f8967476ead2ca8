import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CloseInfo } from '../net/Connection.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';

export interface ConnectionState {
  status: ConnectionStatus;
  /** How the last socket closed, to tell the player why. */
  lastClose: CloseInfo | null;
  setStatus(status: ConnectionStatus): void;
  closed(info: CloseInfo): void;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionState>()((set) => ({
    status: ConnectionStatus.Disconnected,
    lastClose: null,
    setStatus: (status) => set(status === ConnectionStatus.Connected ? { status, lastClose: null } : { status }),
    closed: (info) => set({ lastClose: info }),
  }));
}
