/**
 * Thin React bindings over the vanilla stores (zustand's own `vanilla.ts` / `react.ts` split): the
 * stores stay framework-free and are tested without React.
 */
import { useStore } from 'zustand';
import type { ConnectionState, ConnectionStore } from './connectionStore.js';
import type { SessionStore, SessionStoreState } from './sessionStore.js';

export function useConnectionState<T>(store: ConnectionStore, selector: (state: ConnectionState) => T): T {
  return useStore(store, selector);
}

export function useSessionState<T>(store: SessionStore, selector: (state: SessionStoreState) => T): T {
  return useStore(store, selector);
}
