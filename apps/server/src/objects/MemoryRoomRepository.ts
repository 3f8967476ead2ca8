/**
 * Rooms in a Map: the default repository for unit tests. Seeded, like a freshly migrated
 * database, with Limbo, spelled exactly as the 0002_rooms_characters migration spells it
 * (RoomRepository.test.ts checks that both agree). Tests may pass other rooms instead.
 */
import { LIMBO_ROOM_ID, type RoomRecord, type RoomRepository } from './RoomRepository.js';

export const LIMBO: Readonly<RoomRecord> = {
  id: LIMBO_ROOM_ID,
  name: 'Limbo',
  description: 'The void between worlds. Nothing here yet.',
};

export class MemoryRoomRepository implements RoomRepository {
  readonly #byId = new Map<number, RoomRecord>();

  constructor(options: { rooms?: readonly RoomRecord[] } = {}) {
    for (const room of options.rooms ?? [LIMBO]) this.#byId.set(room.id, { ...room });
  }

  async findById(id: number): Promise<RoomRecord | undefined> {
    const room = this.#byId.get(id);
    return room && { ...room };
  }

  async all(): Promise<RoomRecord[]> {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id).map((r) => ({ ...r }));
  }

  async create(room: { name: string; description: string }): Promise<RoomRecord> {
    const id = Math.max(0, ...this.#byId.keys()) + 1;
    const record = { id, name: room.name, description: room.description };
    this.#byId.set(id, record);
    return { ...record };
  }
}
