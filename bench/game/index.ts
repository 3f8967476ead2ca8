/**
 * The game the bench runs: the default game plus one command, `+room <name>`, that moves the
 * caller to the room `room-<name>` (created on first use). A thousand players in one room is a
 * fan-out test, not a game: the bench spreads its sessions over rooms of ten for the other
 * scenarios, as players of a real game are spread, and gathers them in one room for the fan-out.
 * Rooms are described like Limbo ("The void between worlds...") so a `look` ends the same way.
 */
import { game as defaults } from '../../apps/server/game/index.js';
import { Command } from '../../apps/server/src/commands/Command.js';
import type { GameDefinition } from '../../apps/server/src/commands/GameDefinition.js';
import type { GameServices } from '../../apps/server/src/commands/GameServices.js';
import type { Character } from '../../apps/server/src/objects/Character.js';
import type { Room } from '../../apps/server/src/objects/Room.js';

/** Rooms by name, or their creation in flight (two players may ask for a new room at once). */
const rooms = new Map<string, Promise<Room<Character>>>();

function roomNamed(world: GameServices['world'], name: string): Promise<Room<Character>> {
  let room = rooms.get(name);
  if (!room) {
    const existing = world.allRooms().find((r) => r.name === name);
    room = existing ? Promise.resolve(existing) : world.createRoom(name, `The void between worlds, side ${name}.`);
    rooms.set(name, room);
  }
  return room;
}

class CmdRoom extends Command {
  readonly key = '+room';

  async func(): Promise<void> {
    const me = this.ctx.session?.puppet;
    const name = this.args.trim();
    if (!me || !/^[\w-]{1,20}$/.test(name)) {
      this.msg('Usage: +room <name>');
      return;
    }
    const room = await roomNamed(this.ctx.game.world, `room-${name}`);
    await this.ctx.game.world.move(me, room);
    this.msg(`You are now in ${room.name}.`);
  }
}

export const game: GameDefinition = {
  ...defaults,
  cmdsets: {
    ...defaults.cmdsets,
    character: (set) => (defaults.cmdsets?.character?.(set) ?? set).add(new CmdRoom()),
  },
};
