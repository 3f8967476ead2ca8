/**
 * Where rooms are kept. Read-only for now: the one room, Limbo, is seeded by the
 * 0002_rooms_characters migration (SqlRoomRepository) or by MemoryRoomRepository's constructor.
 */
export { LIMBO_ROOM_ID } from '../db/migrations.js';

export interface RoomRecord {
  id: number;
  name: string;
  description: string;
}

export interface RoomRepository {
  findById(id: number): Promise<RoomRecord | undefined>;
  /** Ordered by id. */
  all(): Promise<RoomRecord[]>;
}
