/**
 * The PostgreSQL side of openDatabase: a `pg.Pool` behind kysely's PostgresDialect, made to
 * survive a restart of the database (docs/cluster.md#postgresql).
 *
 * - An idle client whose server went away makes the pool emit `error`; unhandled, that event
 *   would kill the game server, so it is handed to `onError` (a log line) and the pool drops the
 *   client. A checked-out client gets a listener of its own for the same reason: pg emits
 *   `error` on the client as well as failing its statement, and that failure is the report.
 * - Getting a connection is retried for `retryMs` while the server refuses or is starting up:
 *   no statement has been sent yet, so a retry cannot do anything twice. A statement whose
 *   connection drops under it is not retried (it may have committed: an insert retried could
 *   be made twice, or come back as "name taken" for the player who just took it).
 * - Either way the error becomes DatabaseUnavailableError, which the player sees as a clear
 *   "try again in a moment" (E_SERVER_UNAVAILABLE) rather than E_INTERNAL.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from './DatabaseUnavailableError.js';

export interface PostgresPoolOptions {
  url: string;
  /** How long getting a connection is retried while the database is down or restarting. */
  retryMs: number;
  /** An idle connection failed (the server restarted); the pool has dropped it. */
  onError: (error: Error) => void;
}

/**
 * int8 (`bigint` columns: epoch milliseconds; and `count(*)`) as a JS number, as SQLite gives
 * it, instead of pg's default string. Every int8 this schema holds is far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Node errors and SQLSTATEs that mean "no server there right now", not "this query is wrong". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
]);

export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  // pg's own errors carry no code: a socket that closed, a client whose socket closed while it
  // was checked out, or no connection within the timeout.
  return /^Connection terminated|not queryable|timeout exceeded when trying to connect/.test(error.message);
}

export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({
    connectionString: options.url,
    types,
    // A host that drops packets instead of refusing would otherwise hold a player for the OS's
    // TCP timeout (minutes); this bounds one attempt, the retry loop bounds the whole wait.
    connectionTimeoutMillis: Math.max(1000, options.retryMs),
    keepAlive: true,
  });
  pool.on('error', (error) => options.onError(error));
  const listening = new WeakSet<pg.PoolClient>();
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let found = wrapped.get(client);
    if (!found) {
      found = {
        // Kysely calls only the (sql, parameters) form: it is given no cursor class.
        query: ((sql: string, parameters: readonly unknown[]) =>
          client.query(sql, [...parameters]).catch((error: unknown) => {
            throw isUnreachable(error) ? new DatabaseUnavailableError({ cause: error }) : error;
          })) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
      wrapped.set(client, found);
    }
    return found;
  };

  return {
    async connect() {
      const until = Date.now() + options.retryMs;
      for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
        try {
          const client = await pool.connect();
          if (!listening.has(client)) {
            listening.add(client);
            // The statement it was running fails too (and is reported); when idle, the pool's
            // `error` above reports it. This only keeps the event from being unhandled.
            client.on('error', () => {});
          }
          return wrap(client);
        } catch (error) {
          if (!isUnreachable(error)) throw error;
          if (Date.now() + delay > until) throw new DatabaseUnavailableError({ cause: error });
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
    end: () => pool.end(),
  };
}
