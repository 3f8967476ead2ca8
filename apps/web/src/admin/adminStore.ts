/**
 * The admin view's state (docs/architecture.md#the-admin-view), fed by the `admin` frames of the
 * player's own connection: framework-free, tested without React, like the other stores.
 */
import type {
  AdminHealth,
  AdminOut,
  AdminSessionRow,
  HealthSample,
  IncidentRecord,
  OutboundFrame,
  ServerStateName,
} from '@mud/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** Samples the charts keep: 20 minutes at one every 2 s. */
const HISTORY = 600;
const INCIDENTS = 200;
/** State changes the page lists, latest last. */
const STATE_LOG = 20;

export type AdminStatus = 'waiting' | 'live' | 'refused';

export interface AdminState {
  status: AdminStatus;
  /** Why the game server refused, when it did. */
  refusal: string | null;
  account: string | null;
  sessions: Record<number, AdminSessionRow>;
  health: AdminHealth | null;
  history: HealthSample[];
  incidents: IncidentRecord[];
  /** The game server's state changes as they arrived: `reloading`, `up`, `down`. */
  stateLog: { state: ServerStateName; at: number }[];
  /** The answer to the last action. */
  lastDone: { action: string; ok: boolean; message: string } | null;
  applyFrame(frame: OutboundFrame): void;
  /** The connection went away or the player logged out: what is shown waits for a new snapshot. */
  reset(): void;
}

export type AdminStore = StoreApi<AdminState>;

function mergeSamples(known: HealthSample[], fresh: readonly HealthSample[]): HealthSample[] {
  if (fresh.length === 0) return known;
  // A restarted game server sends again what the portal kept: keep each sample once, in time order.
  const seen = new Set(known.map((s) => `${s.portal}:${s.at}`));
  const merged = [...known, ...fresh.filter((s) => !seen.has(`${s.portal}:${s.at}`))].sort((a, b) => a.at - b.at);
  return merged.slice(-HISTORY);
}

function mergeIncidents(known: IncidentRecord[], fresh: readonly IncidentRecord[]): IncidentRecord[] {
  const byId = new Map(known.map((i) => [i.id, i]));
  for (const incident of fresh) {
    byId.delete(incident.id);
    byId.set(incident.id, incident);
  }
  return [...byId.values()].slice(-INCIDENTS);
}

export function createAdminStore(): AdminStore {
  return createStore<AdminState>()((set, get) => {
    const logState = (state: ServerStateName, at: number) => {
      const log = get().stateLog;
      if (log.at(-1)?.state === state) return log;
      return [...log, { state, at }].slice(-STATE_LOG);
    };
    const apply = (frame: AdminOut) => {
      const s = get();
      switch (frame[1][0]) {
        case 'snapshot': {
          const snap = frame[2] as Extract<AdminOut, ['admin', ['snapshot'], unknown]>[2];
          set({
            status: 'live',
            refusal: null,
            account: snap.account,
            sessions: Object.fromEntries(snap.sessions.map((r) => [r.sessid, r])),
            health: snap.health,
            history: mergeSamples(s.history, snap.history),
            incidents: mergeIncidents(s.incidents, snap.incidents),
            stateLog: logState(snap.health.state, Date.now()),
          });
          return;
        }
        case 'sessions': {
          const { upsert, remove } = frame[2] as { upsert: AdminSessionRow[]; remove: number[] };
          const sessions = { ...s.sessions };
          for (const sessid of remove) delete sessions[sessid];
          for (const row of upsert) sessions[row.sessid] = row;
          set({ sessions });
          return;
        }
        case 'health': {
          const { health, samples } = frame[2] as { health: AdminHealth; samples: HealthSample[] };
          set({ health, history: mergeSamples(s.history, samples), stateLog: logState(health.state, Date.now()) });
          return;
        }
        case 'incidents': {
          const { incidents } = frame[2] as { incidents: IncidentRecord[] };
          set({ incidents: mergeIncidents(s.incidents, incidents) });
          return;
        }
        case 'state': {
          const { state, at } = frame[2] as { state: ServerStateName; at: number };
          set({ health: s.health && { ...s.health, state }, stateLog: logState(state, at) });
          return;
        }
        case 'done':
          set({ lastDone: frame[2] as { action: string; ok: boolean; message: string } });
          return;
      }
    };
    return {
      status: 'waiting',
      refusal: null,
      account: null,
      sessions: {},
      health: null,
      history: [],
      incidents: [],
      stateLog: [],
      lastDone: null,
      applyFrame(frame) {
        if (frame[0] === 'admin') apply(frame);
        // The game server's refusal: the page says so, and shows nothing it was not given.
        else if (frame[0] === 'error' && frame[2].input === 'admin' && frame[2].code === 'E_NOT_PERMITTED') {
          set({ status: 'refused', refusal: frame[1][0], sessions: {}, health: null, incidents: [], account: null });
        }
      },
      reset() {
        set({ status: 'waiting', sessions: {} });
      },
    };
  });
}
