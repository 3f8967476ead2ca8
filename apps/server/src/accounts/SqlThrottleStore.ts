/**
 * Throttle events in the SQL database (`throttle_events`, migration 0004), through kysely's
 * portable builder so it runs unchanged on PostgreSQL. Every query is one statement on the
 * (bucket, at) index; within this process kysely's SQLite driver runs them one at a time, and
 * the Throttle issues its writes in order.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { ThrottleStore } from './ThrottleStore.js';

export class SqlThrottleStore implements ThrottleStore {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async load(bucket: string, since: number): Promise<Array<[key: string, at: number]>> {
    const rows = await this.#db
      .selectFrom('throttle_events')
      .select(['key', 'at'])
      .where('bucket', '=', bucket)
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    // PostgreSQL's driver returns a bigint column as a string; SQLite gives a number.
    return rows.map((row) => [row.key, Number(row.at)]);
  }

  async add(bucket: string, key: string, at: number): Promise<void> {
    await this.#db.insertInto('throttle_events').values({ bucket, key, at }).execute();
  }

  async remove(bucket: string, key: string, at: number): Promise<void> {
    await this.#db
      .deleteFrom('throttle_events')
      .where('bucket', '=', bucket)
      .where('key', '=', key)
      .where('at', '=', at)
      .execute();
  }

  async prune(bucket: string, before: number): Promise<void> {
    await this.#db.deleteFrom('throttle_events').where('bucket', '=', bucket).where('at', '<=', before).execute();
  }
}
