/**
 * Puppets when the database fails under it (docs/cluster.md#postgresql): the location saved
 * in the background as a character enters the game must not become an unhandled rejection,
 * which would take the game server down.
 */
import { describe, expect, it } from 'vitest';
import { CmdSet } from '../cmdsets/CmdSet.js';
import { DatabaseUnavailableError } from '../db/DatabaseUnavailableError.js';
import { unitWorld } from '../testing/unitWorld.js';
import { MemoryCharacterRepository } from './MemoryCharacterRepository.js';
import { MemoryRoomRepository } from './MemoryRoomRepository.js';
import { Puppets } from './Puppets.js';
import { World } from './World.js';

/** A character store whose location writes fail, as PostgreSQL's do while it is down. */
class DownOnSave extends MemoryCharacterRepository {
  override async setLocation(): Promise<void> {
    throw new DatabaseUnavailableError({ cause: new Error('connect ECONNREFUSED') });
  }
}

describe('Puppets', () => {
  it('reports a failed save of where a character entered the game, and still puppets it', async () => {
    const unit = unitWorld(2);
    const world = new World({
      characters: new DownOnSave(),
      rooms: new MemoryRoomRepository(),
      sessions: unit.handler,
      router: unit.router,
      characterCmdSet: () => new CmdSet({ key: 'character' }),
    });
    await world.load();
    const failures: unknown[] = [];
    const puppets = new Puppets({
      sessions: unit.handler,
      router: unit.router,
      world,
      mode: 2,
      maxPuppets: 1,
      onSessionChanged: () => {},
      saveLastPuppet: async () => {},
      look: () => 'You look around.',
      onSaveFailed: (_character, err) => failures.push(err),
    });
    const session = unit.session(1);
    unit.handler.setAccount(session, unit.account(1));
    // Nowhere yet: entering puts it in Limbo, and that new location is what fails to save.
    const character = unit.character(7, 1);
    character.locationId = null;

    const result = await puppets.puppet(session, character);

    expect(result.ok).toBe(true);
    expect(session.puppet).toBe(character);
    await expect.poll(() => failures.length).toBe(1);
    expect(failures[0]).toBeInstanceOf(DatabaseUnavailableError);
  });
});
