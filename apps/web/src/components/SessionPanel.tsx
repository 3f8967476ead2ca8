import { formatDuration } from '@mud/protocol';
import { useId } from 'react';
import { useMud } from '../app/MudContext.js';
import { useNow } from '../app/useNow.js';
import { splitSessions } from '../stores/charMenuStore.js';
import { useStoreState } from '../stores/react.js';
import { formatClock } from './format.js';

const NONE = '—';

interface SessionPanelProps {
  /** Called after an action, to hand focus back to the command line. */
  onDone(): void;
}

/**
 * This tab's session from the OOB state (docs/sessions.md#session-properties): sessid, account, puppet, mode, when it
 * connected and how long it has been idle, and the account's other sessions; buttons for `ooc`
 * and `quit`. Times come from the server's clock (`connTime`, `cmdLastVisible`), the tab's own
 * last typed line when that is newer.
 */
export function SessionPanel({ onDone }: SessionPanelProps) {
  const { stores, sendLine } = useMud();
  const session = useStoreState(stores.session, (s) => s.session);
  const lastInputAt = useStoreState(stores.session, (s) => s.lastInputAt);
  const menu = useStoreState(stores.charMenu, (s) => s.menu);
  const connectedAt = useStoreState(stores.connection, (s) => s.connectedAt);
  const now = useNow(1000);
  const ids = useId();
  const { own, others } = splitSessions(menu, session?.sessid ?? null);

  // The session's own time (the same through a resume), the socket's only before the server says.
  const connTime = own?.connTime ?? session?.connTime ?? connectedAt;
  const lastActive = Math.max(own?.cmdLastVisible ?? 0, lastInputAt ?? 0, connTime ?? 0);
  const rows: [field: string, label: string, value: string, since?: number | null][] = [
    ['sessid', 'Session', session === null ? NONE : `#${session.sessid}`],
    ['account', 'Account', session?.account ?? NONE],
    ['puppet', 'Character', session?.puppet ?? (session?.loggedIn ? 'OOC' : NONE)],
    ['mode', 'Mode', session === null ? NONE : String(session.mode)],
    [
      'connected',
      'Connected',
      connTime === null ? NONE : `${formatClock(connTime)} (${formatDuration(now - connTime)})`,
      connTime,
    ],
    ['idle', 'Idle', lastActive === 0 ? NONE : formatDuration(now - lastActive)],
  ];

  return (
    <section
      className={`card session-panel${session?.loggedIn ? '' : ' session-panel--anonymous'}`}
      data-testid="session-panel"
      data-sessid={session?.sessid ?? ''}
      data-account={session?.account ?? ''}
      data-puppet={session?.puppet ?? ''}
      aria-labelledby={`${ids}-title`}
    >
      <header className="card__header">
        <h2 className="card__title" id={`${ids}-title`}>
          This tab
        </h2>
      </header>
      <dl className="session-panel__grid">
        {rows.map(([field, label, value, since]) => (
          <div key={field} className="session-panel__item" data-field={field}>
            <dt>{label}</dt>
            <dd data-since={since ?? undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      {session?.loggedIn && (
        <>
          <h3 className="session-panel__subtitle">Other sessions</h3>
          {others.length === 0 ? (
            <p className="card__hint">None.</p>
          ) : (
            <ul className="session-panel__others" data-testid="session-list">
              {others.map((s) => (
                <li key={s.sessid} data-sessid={s.sessid}>
                  <span className="session-panel__sessid">#{s.sessid}</span>
                  <span>{s.puppet ?? 'OOC'}</span>
                  <span className="session-panel__muted">
                    {s.protocolKey}, idle {formatDuration(now - s.cmdLastVisible)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="session-panel__actions">
            <button
              type="button"
              className="button button--secondary button--small"
              data-testid="go-ooc"
              disabled={session.puppet === null}
              onClick={() => {
                sendLine('ooc');
                onDone();
              }}
            >
              Go OOC
            </button>
            <button
              type="button"
              className="button button--danger button--small"
              data-testid="quit"
              onClick={() => sendLine('quit')}
            >
              Quit
            </button>
          </div>
        </>
      )}
    </section>
  );
}
