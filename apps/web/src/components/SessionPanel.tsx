import { useMud } from '../app/MudContext.js';
import { useSessionState } from '../stores/react.js';

const NONE = '—';

/** The OOB `session` frame, so the player (and tests) need not parse text to know who they are. */
export function SessionPanel() {
  const { stores } = useMud();
  const session = useSessionState(stores.session, (s) => s.session);
  const rows: [string, string][] = [
    ['session', session === null ? NONE : `#${session.sessid}`],
    ['account', session?.account ?? NONE],
    ['puppet', session?.puppet ?? NONE],
    ['mode', session === null ? NONE : String(session.mode)],
  ];
  return (
    <dl className="session-panel" data-testid="session-panel">
      {rows.map(([label, value]) => (
        <div key={label} className="session-panel__item" data-field={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
