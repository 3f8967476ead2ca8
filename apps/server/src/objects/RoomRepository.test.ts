import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/Database.js';
import { LIMBO, MemoryRoomRepository } from './MemoryRoomRepository.js';
import { LIMBO_ROOM_ID, type RoomRepository } from './RoomRepository.js';
import { SqlRoomRepository } from './SqlRoomRepository.js';

let dir: string;
const open: Db[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mud-rooms-'));
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  await rm(dir, { recursive: true, force: true });
});

const limbo = {
  id: LIMBO_ROOM_ID,
  name: 'Limbo',
  description: 'The void between worlds. Nothing here yet.',
};

describe.each([
  [
    'SqlRoomRepository',
    async (): Promise<RoomRepository> => {
      const db = await openDatabase({ file: join(dir, 'game.sqlite') });
      open.push(db);
      return new SqlRoomRepository(db.kysely);
    },
  ],
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
    expect(hall.id).toBeGreaterThan(LIMBO_ROOM_ID);
    expect(attic.id).toBeGreaterThan(hall.id);
    expect(await repo.findById(hall.id)).toEqual({ id: hall.id, name: 'Hall', description: 'A long hall.' });
    expect((await repo.all()).map((r) => r.name)).toEqual(['Limbo', 'Hall', 'Attic']);
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
