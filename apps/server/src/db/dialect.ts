/**
 * Which engine a kysely instance talks to, for the few places where SQLite and PostgreSQL need
 * different SQL (docs/cluster.md#postgresql): identity columns in the migrations, and the locks
 * PostgreSQL needs where SQLite's single writer already serialises (the repositories).
 */
import { type Kysely, PostgresAdapter } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: any schema; only the adapter is read.
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
