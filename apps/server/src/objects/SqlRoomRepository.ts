/** Rooms in the SQL database, through kysely. */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { RoomRecord, RoomRepository } from './RoomRepository.js';

export class SqlRoomRepository implements RoomRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async findById(id: number): Promise<RoomRecord | undefined> {
    // Columns named, not selectAll, so a column added later does not leak into the record.
    return this.#db.selectFrom('rooms').select(['id', 'name', 'description']).where('id', '=', id).executeTakeFirst();
  }

  async all(): Promise<RoomRecord[]> {
    return this.#db.selectFrom('rooms').select(['id', 'name', 'description']).orderBy('id').execute();
  }

  async create(room: { name: string; description: string }): Promise<RoomRecord> {
    return this.#db
      .insertInto('rooms')
      .values({ name: room.name, description: room.description })
      .returning(['id', 'name', 'description'])
      .executeTakeFirstOrThrow();
  }
}
