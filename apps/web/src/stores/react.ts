/**
 * Thin React bindings over the vanilla stores (zustand's own `vanilla.ts` / `react.ts` split): the
 * stores stay framework-free and are tested without React.
 */
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';

export function useStoreState<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  return useStore(store, selector);
}

/** Kept for the components written against the first client. */
export const useConnectionState = useStoreState;
export const useSessionState = useStoreState;
