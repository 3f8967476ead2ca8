/**
 * The game's health at a glance (issue 16): the game server's state and uptime, the state's
 * recent changes, sessions and commands a second over time, each process's memory, and the
 * history of reloads, resets and crashes.
 */
import type { AdminHealth, HealthSample, ServerStateName } from '@mud/protocol';
import { formatDuration } from '@mud/protocol';
import { Sparkline } from './Sparkline.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const clock = (at: number) =>
  new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export interface HealthPanelProps {
  health: AdminHealth;
  history: HealthSample[];
  stateLog: { state: ServerStateName; at: number }[];
  now: number;
}

/** Sessions and commands of all portals at each sample time (one portal: its own). */
function totals(history: HealthSample[], pick: (s: HealthSample) => number): [number, number][] {
  const byTime = new Map<number, number>();
  for (const s of history) byTime.set(s.at, (byTime.get(s.at) ?? 0) + pick(s));
  return [...byTime.entries()];
}

export function HealthPanel({ health, history, stateLog, now }: HealthPanelProps) {
  const { state } = health;
  return (
    <section className="card admin__health" aria-labelledby="admin-health-title">
      <h2 className="card__title" id="admin-health-title">
        Game server
      </h2>
      <p className="admin__state-line">
        <span className={`admin__state admin__state--${state}`} data-testid="admin-state">
          {state}
        </span>
        {state === 'up' && <span data-testid="admin-uptime">up for {formatDuration(now - health.upSince)}</span>}
        <span className="admin__pid">pid {health.server.pid}</span>
      </p>
      <ol className="admin__state-log" data-testid="admin-state-log" aria-label="Recent state changes">
        {stateLog.map((entry) => (
          <li key={`${entry.at}-${entry.state}`} data-state={entry.state}>
            {clock(entry.at)} {entry.state}
          </li>
        ))}
      </ol>
      <div className="admin__charts">
        <Sparkline
          title="Sessions"
          testId="chart-sessions"
          points={totals(history, (s) => s.sessions)}
          format={(v) => String(Math.round(v))}
        />
        <Sparkline
          title="Commands / s"
          testId="chart-commands"
          points={totals(history, (s) => s.commandsPerSecond)}
          format={(v) => v.toFixed(1)}
        />
        <Sparkline
          title="Game server memory"
          testId="chart-server-memory"
          fromZero={false}
          points={history.map((s) => [s.at, s.serverRss] as const)}
          format={mb}
        />
        <Sparkline
          title="Portal memory"
          testId="chart-portal-memory"
          fromZero={false}
          points={history.map((s) => [s.at, s.portalRss] as const)}
          format={mb}
        />
      </div>
      <table className="admin__table admin__processes" data-testid="admin-processes">
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">pid</th>
            <th scope="col">Memory (RSS)</th>
            <th scope="col">Heap</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>game server</td>
            <td>{health.server.pid}</td>
            <td>{mb(health.server.memory.rss)}</td>
            <td>{mb(health.server.memory.heapUsed)}</td>
          </tr>
          {health.portals.map((p) => (
            <tr key={p.id}>
              <td>portal {p.id}</td>
              <td>{p.pid}</td>
              <td>{mb(p.memory.rss)}</td>
              <td>{mb(p.memory.heapUsed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="admin__subtitle">Starts, reloads and crashes</h3>
      <ol className="admin__restarts" data-testid="admin-restarts">
        {[...health.restarts].reverse().map((r) => (
          <li key={`${r.at}-${r.kind}`} data-kind={r.kind}>
            {clock(r.at)} <strong>{r.kind}</strong>
            {r.by ? ` by ${r.by}` : ''}
            {r.ms !== null ? `, ${(r.ms / 1000).toFixed(1)} s` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
