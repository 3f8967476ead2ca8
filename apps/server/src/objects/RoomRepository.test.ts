import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, useEngine } from '../testing/engines.js';
import { LIMBO, MemoryRoomRepository } from './MemoryRoomRepository.js';
import { LIMBO_ROOM_ID, type RoomRepository } from './RoomRepository.js';
import { SqlRoomRepository } from './SqlRoomRepository.js';

const engines = { SQLite: useEngine('SQLite'), PostgreSQL: useEngine('PostgreSQL') };

const limbo = {
  id: LIMBO_ROOM_ID,
  name: 'Limbo',
  description: 'The void between worlds. Nothing here yet.',
};

const sqlRooms = async (engine: Engine): Promise<RoomRepository> =>
  new SqlRoomRepository((await engine.fresh()).kysely);

describe.each([
  ['SqlRoomRepository on SQLite', () => sqlRooms(engines.SQLite)],
  ['SqlRoomRepository on PostgreSQL', () => sqlRooms(engines.PostgreSQL)],
  ['MemoryRoomRepository', async (): Promise<RoomRepository> => new MemoryRoomRepository()],
] as const)('%s contract', (_name, make: () => Promise<RoomRepository>) => {
  it('has Limbo, as the migration seeds it, and nothing else', async () => {
    const repo = await make();
    expect(await repo.findById(LIMBO_ROOM_ID)).toEqual(limbo);
    expect(await repo.all()).toEqual([limbo]);
    expect(await repo.findById(9999)).toBeUndefined();
  });

  it('hands out copies', async () => {
    const repo = await make();
    const room = await repo.findById(LIMBO_ROOM_ID);
    if (room) room.name = 'Elsewhere';
    expect((await repo.findById(LIMBO_ROOM_ID))?.name).toBe('Limbo');
  });

  it('creates rooms with new ids after Limbo', async () => {
    const repo = await make();
    const hall = await repo.create({ name: 'Hall', description: 'A long hall.' });
    const attic = await repo.create({ name: 'Attic', description: '' });
    // On PostgreSQL too, where Limbo's hand-set id had to move the identity sequence (0002).
    expect(hall.id).toBeGreaterThan(LIMBO_ROOM_ID);
    expect(attic.id).toBeGreaterThan(hall.id);
    expect(await repo.findById(hall.id)).toEqual({ id: hall.id, name: 'Hall', description: 'A long hall.' });
    expect((await repo.all()).map((r) => r.name)).toEqual(['Limbo', 'Hall', 'Attic']);
  });
});

describe.each(ENGINES)('SqlRoomRepository on a database just migrated, on %s', (name) => {
  it('gives the first room made after Limbo the next id', async () => {
    // Limbo is inserted with its id by hand (0002); on PostgreSQL that leaves the identity
    // sequence at its start unless the migration moves it, and the first room would collide.
    const engine = engines[name];
    const repo = new SqlRoomRepository((await engine.open(await engine.place())).kysely);
    expect((await repo.create({ name: 'Hall', description: '' })).id).toBe(LIMBO_ROOM_ID + 1);
  });
});

describe('MemoryRoomRepository', () => {
  it('takes other rooms instead of Limbo, listed in id order', async () => {
    const repo = new MemoryRoomRepository({
      rooms: [{ id: 7, name: 'Attic', description: '' }, { ...LIMBO }],
    });
    expect((await repo.all()).map((r) => r.id)).toEqual([LIMBO_ROOM_ID, 7]);
  });
});
