import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClosedEvent } from '../net/Connection.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';

/** Where a resume of this tab's session stands. */
export type ResumePhase = 'none' | 'resuming' | 'resumed' | 'failed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** How the last socket closed, to tell the player why. */
  lastClose: ClosedEvent | null;
  /** Epoch ms of the next scheduled reconnect, while one is scheduled. */
  retryAt: number | null;
  resume: ResumePhase;
  /** How long the portal keeps this session after a drop, once it told us. */
  graceSeconds: number | null;
  /** Epoch ms when the current socket became usable. */
  connectedAt: number | null;
  setStatus(status: ConnectionStatus, now?: number): void;
  closed(event: ClosedEvent): void;
  retryScheduled(at: number): void;
  resumePhase(phase: ResumePhase): void;
  tokenReceived(graceSeconds: number): void;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionState>()((set) => ({
    status: ConnectionStatus.Disconnected,
    lastClose: null,
    retryAt: null,
    resume: 'none',
    graceSeconds: null,
    connectedAt: null,
    setStatus: (status, now = Date.now()) =>
      set(
        status === ConnectionStatus.Connected
          ? { status, lastClose: null, retryAt: null, connectedAt: now }
          : { status, connectedAt: null, ...(status === ConnectionStatus.Disconnected ? { retryAt: null } : {}) },
      ),
    closed: (event) =>
      set(event.final ? { lastClose: event, graceSeconds: null, resume: 'none' } : { lastClose: event }),
    retryScheduled: (at) => set({ retryAt: at }),
    resumePhase: (phase) => set({ resume: phase }),
    tokenReceived: (graceSeconds) => set({ graceSeconds }),
  }));
}
