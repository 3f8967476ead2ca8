/**
 * The live sessions table (issue 16): sortable by any column, filtered by any text in a row,
 * updated as the game server pushes changes. Each row's Boot asks for a reason, then confirms.
 */
import type { AdminSessionRow } from '@mud/protocol';
import { formatDuration } from '@mud/protocol';
import { useMemo, useState } from 'react';

type Column = 'sessid' | 'account' | 'puppet' | 'protocol' | 'address' | 'portal' | 'connected' | 'idle' | 'commands';

const COLUMNS: { key: Column; label: string }[] = [
  { key: 'sessid', label: 'Sessid' },
  { key: 'account', label: 'Account' },
  { key: 'puppet', label: 'Puppet' },
  { key: 'protocol', label: 'Protocol' },
  { key: 'address', label: 'Address' },
  { key: 'portal', label: 'Portal' },
  { key: 'connected', label: 'Connected for' },
  { key: 'idle', label: 'Idle' },
  { key: 'commands', label: 'Commands' },
];

function sortValue(row: AdminSessionRow, column: Column, now: number): string | number {
  switch (column) {
    case 'sessid':
      return row.sessid;
    case 'connected':
      return now - row.connTime;
    case 'idle':
      return now - row.cmdLastVisible;
    case 'commands':
      return row.cmdTotal;
    default:
      return (row[column] ?? '').toLowerCase();
  }
}

export interface SessionsTableProps {
  rows: AdminSessionRow[];
  now: number;
  /** The watcher's own session, which cannot be booted from here. */
  ownSessid: number | null;
  onBoot(row: AdminSessionRow): void;
}

export function SessionsTable({ rows, now, ownSessid, onBoot }: SessionsTableProps) {
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'sessid', descending: false });
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept = needle
      ? rows.filter((r) =>
          [r.sessid, r.account, r.puppet, r.protocol, r.address, r.portal].some((v) =>
            String(v ?? '')
              .toLowerCase()
              .includes(needle),
          ),
        )
      : rows;
    const sign = sort.descending ? -1 : 1;
    return [...kept].sort((a, b) => {
      const [x, y] = [sortValue(a, sort.column, now), sortValue(b, sort.column, now)];
      return x < y ? -sign : x > y ? sign : a.sessid - b.sessid;
    });
  }, [rows, filter, sort, now]);

  return (
    <section className="card admin__sessions" aria-labelledby="admin-sessions-title">
      <div className="admin__section-head">
        <h2 className="card__title" id="admin-sessions-title">
          Sessions <span data-testid="admin-session-count">{rows.length}</span>
        </h2>
        <input
          className="field admin__filter"
          type="search"
          placeholder="Filter: account, puppet, address…"
          aria-label="Filter sessions"
          data-testid="admin-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <div className="admin__table-wrap">
        <table className="admin__table" data-testid="admin-sessions">
          <thead>
            <tr>
              {COLUMNS.map(({ key, label }) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={sort.column === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="admin__sort"
                    data-testid={`admin-sort-${key}`}
                    onClick={() =>
                      setSort((s) => ({ column: key, descending: s.column === key ? !s.descending : false }))
                    }
                  >
                    {label}
                    {sort.column === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.sessid} data-testid="admin-session-row" data-sessid={r.sessid}>
                <td data-field="sessid">{r.sessid}</td>
                <td data-field="account">{r.account ?? '—'}</td>
                <td data-field="puppet">{r.puppet ?? '—'}</td>
                <td data-field="protocol">{r.protocol}</td>
                <td data-field="address">{r.address}</td>
                <td data-field="portal">{r.portal}</td>
                <td data-field="connected">{formatDuration(now - r.connTime)}</td>
                <td data-field="idle">{formatDuration(now - r.cmdLastVisible)}</td>
                <td data-field="commands">{r.cmdTotal}</td>
                <td>
                  {r.sessid !== ownSessid && (
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      data-testid="admin-boot"
                      onClick={() => onBoot(r)}
                    >
                      Boot
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="admin__empty">No session matches.</p>}
      </div>
    </section>
  );
}
