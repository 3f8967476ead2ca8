import { useMud } from '../app/MudContext.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { useConnectionState } from '../stores/react.js';

/** The connection status (its text is a test hook, SPEC §8) and a way back in after a close. */
export function ConnectionIndicator() {
  const { connection, stores } = useMud();
  const status = useConnectionState(stores.connection, (s) => s.status);
  return (
    <div className="connection">
      <span className={`connection-dot connection-dot--${status}`} aria-hidden="true" />
      <span data-testid="connection-status" role="status">
        {status}
      </span>
      {status === ConnectionStatus.Disconnected && (
        <button type="button" className="button button--small" onClick={() => connection.connect()}>
          Reconnect
        </button>
      )}
    </div>
  );
}
