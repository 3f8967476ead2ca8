import { useMud } from '../app/MudContext.js';
import { useNow } from '../app/useNow.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { useStoreState } from '../stores/react.js';

/** The connection status (its text is a test hook, docs/architecture.md#test-hooks) and a way back in after a close. */
export function ConnectionIndicator() {
  const { connection, stores } = useMud();
  const status = useStoreState(stores.connection, (s) => s.status);
  const retryAt = useStoreState(stores.connection, (s) => s.retryAt);
  const resuming = useStoreState(stores.connection, (s) => s.resume === 'resuming');
  // Before the first socket ever closed, "disconnected" only means "not connected yet".
  const everClosed = useStoreState(stores.connection, (s) => s.lastClose !== null);
  const now = useNow(500);
  const seconds = retryAt === null ? null : Math.max(0, Math.ceil((retryAt - now) / 1000));
  const detail =
    status !== ConnectionStatus.Reconnecting
      ? null
      : resuming
        ? 'resuming your session…'
        : seconds !== null && seconds > 0
          ? `retrying in ${seconds} s`
          : 'trying…';
  return (
    <div className={`connection connection--${status}`}>
      <span className="connection__dot" aria-hidden="true" />
      <span data-testid="connection-status" role="status">
        {status}
      </span>
      {detail !== null && <span className="connection__detail">{detail}</span>}
      {status === ConnectionStatus.Reconnecting && !resuming && (seconds ?? 0) > 0 && (
        <button type="button" className="button button--small button--ghost" onClick={() => connection.retryNow()}>
          Retry now
        </button>
      )}
      {status === ConnectionStatus.Disconnected && everClosed && (
        <button type="button" className="button button--small" onClick={() => connection.connect()}>
          Reconnect
        </button>
      )}
    </div>
  );
}
