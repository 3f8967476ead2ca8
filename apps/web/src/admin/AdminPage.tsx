/**
 * `/admin` (docs/architecture.md#the-admin-view, issue 16): a lazily loaded chunk of the web
 * client, so the player's bundle does not carry it. It speaks over the tab's own game session:
 * once that session is logged in it asks the game server to `subscribe`, and the game server
 * decides, against the session's account, whether anything comes back. There is no cookie: a page
 * on another site cannot open this session, and a hand-made page gets only a refusal.
 */
import type { AdminIn, AdminSessionRow } from '@mud/protocol';
import { useEffect, useMemo, useState } from 'react';
import { useMud } from '../app/MudContext.js';
import { useNow } from '../app/useNow.js';
import { ConnectionIndicator } from '../components/ConnectionIndicator.js';
import { LoginForm } from '../components/LoginForm.js';
import { Limits } from '../protocol.js';
import { useStoreState } from '../stores/react.js';
import { createAdminStore } from './adminStore.js';
import { ConfirmAction, type PendingAction } from './ConfirmAction.js';
import { HealthPanel } from './HealthPanel.js';
import { IncidentsList } from './IncidentsList.js';
import { SessionsTable } from './SessionsTable.js';
import './admin.css';

export default function AdminPage() {
  const { connection, stores } = useMud();
  const admin = useMemo(() => createAdminStore(), []);
  const loggedIn = useStoreState(stores.session, (s) => s.loggedIn);
  const sessid = useStoreState(stores.session, (s) => s.session?.sessid ?? null);
  const status = useStoreState(stores.connection, (s) => s.status);
  const state = useStoreState(admin, (s) => s);
  const now = useNow(1000);
  const [pending, setPending] = useState<PendingAction | null>(null);

  useEffect(() => connection.on('frame', (frame) => admin.getState().applyFrame(frame)), [connection, admin]);
  // Asked again on every new connection or resume: the answer is a fresh snapshot.
  useEffect(() => {
    if (!loggedIn || status !== 'connected' || sessid === null) {
      admin.getState().reset();
      return;
    }
    connection.send(['admin', ['subscribe'], {}]);
  }, [connection, admin, loggedIn, status, sessid]);

  const send = (frame: AdminIn) => connection.send(frame);
  const rows = useMemo(() => Object.values(state.sessions), [state.sessions]);
  const boot = (row: AdminSessionRow) =>
    setPending({
      title: `Boot session ${row.sessid}?`,
      detail: `${row.account ?? 'A session that is not logged in'}${row.puppet ? ` (playing ${row.puppet})` : ''} from ${row.address} is disconnected and shown the reason.`,
      field: { label: 'Reason (the player sees it)', maxLength: Limits.admin.reasonLength, required: false },
      confirmLabel: 'Boot',
      run: (reason) => send(['admin', ['boot'], { sessid: row.sessid, reason }]),
    });
  const restart = (kind: 'reload' | 'reset') =>
    setPending({
      title: kind === 'reload' ? 'Reload the game server?' : 'Reset the game server?',
      detail:
        kind === 'reload'
          ? 'A new game server loads the game code; nobody is disconnected.'
          : 'A cold restart: non-persistent state is cleared; nobody is disconnected.',
      confirmLabel: kind === 'reload' ? 'Reload' : 'Reset',
      run: () => send(['admin', ['restart'], { kind }]),
    });
  const announce = () =>
    setPending({
      title: 'Message everyone?',
      detail: 'Every connected session sees it, with your name.',
      field: { label: 'Message', maxLength: Limits.admin.announceLength, required: true },
      confirmLabel: 'Send',
      run: (text) => send(['admin', ['announce'], { text }]),
    });

  return (
    <div className="admin" data-testid="admin-page">
      <header className="topbar">
        <h1 className="topbar__title">WebMUD admin</h1>
        <ConnectionIndicator />
        <div className="topbar__spacer" />
        {state.account && <span className="topbar__who">{state.account}</span>}
        <a className="button button--ghost" href="/">
          Play
        </a>
      </header>
      {!loggedIn ? (
        <main className="admin__login">
          <p>Log in with an account that has the Admin permission (or the superuser).</p>
          <LoginForm />
        </main>
      ) : state.status === 'refused' ? (
        <main className="admin__login">
          <p className="card admin__refused" role="alert" data-testid="admin-refused">
            {state.refusal ?? 'Not permitted.'}
          </p>
        </main>
      ) : state.status === 'waiting' || !state.health ? (
        <main className="admin__login">
          <p data-testid="admin-waiting">Asking the game server…</p>
        </main>
      ) : (
        <main className="admin__grid">
          <div className="admin__actions card">
            <button type="button" className="button" data-testid="admin-announce" onClick={announce}>
              Message everyone
            </button>
            <button type="button" className="button" data-testid="admin-reload" onClick={() => restart('reload')}>
              Reload
            </button>
            <button type="button" className="button" data-testid="admin-reset" onClick={() => restart('reset')}>
              Reset
            </button>
            {state.lastDone && (
              <output
                className={`admin__done${state.lastDone.ok ? '' : ' admin__done--refused'}`}
                data-testid="admin-done"
                data-ok={state.lastDone.ok}
              >
                {state.lastDone.message}
              </output>
            )}
          </div>
          <HealthPanel health={state.health} history={state.history} stateLog={state.stateLog} now={now} />
          <SessionsTable rows={rows} now={now} ownSessid={sessid} onBoot={boot} />
          <IncidentsList incidents={state.incidents} />
        </main>
      )}
      {pending && <ConfirmAction action={pending} onClose={() => setPending(null)} />}
    </div>
  );
}
