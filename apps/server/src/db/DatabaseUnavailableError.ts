/**
 * The database did not answer: PostgreSQL is down, restarting or unreachable
 * (docs/cluster.md#postgresql). Thrown by the pool once its short wait for a connection is over,
 * or when a connection drops under a statement; on SQLite, when the writer thread failed with
 * the statement waiting on it (sqliteWorkerDialect.ts). The game answers the player with
 * E_SERVER_UNAVAILABLE and this message instead of the generic E_INTERNAL: the player did nothing
 * wrong, and should try again rather than report a bug.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  /** What the player is told. Committed data is PostgreSQL's and survives its restart. */
  readonly playerMessage =
    'The game cannot reach its database right now, so that was not done. Nothing saved before is lost: try again in a moment.';

  constructor(options: { cause: unknown }) {
    super('the database is not reachable', options);
  }
}
