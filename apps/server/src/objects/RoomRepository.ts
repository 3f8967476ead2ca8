/**
 * Where rooms are kept. Limbo is seeded by the 0002_rooms_characters migration
 * (SqlRoomRepository) or by MemoryRoomRepository's constructor; game code creates the others.
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
  create(room: { name: string; description: string }): Promise<RoomRecord>;
}
