/**
 * A live room. Its contents are the characters in the game there: Evennia moves a character out
 * of the world when its last session unpuppets it and back when one puppets it (docs/architecture.md#default-commands).
 */
import type { MsgKwargs } from '../session/ServerSession.js';
import type { RoomRecord } from './RoomRepository.js';

/** What a room needs of what is in it. A parameter, not `Character`, which refers to its room. */
export interface RoomOccupant {
  msg(text: string | undefined, kwargs?: MsgKwargs<never>): void;
}

/** `O`: what is in the room — the world's rooms hold `Character`s (`Room<Character>`). */
export class Room<O extends RoomOccupant = RoomOccupant> {
  readonly id: number;
  name: string;
  description: string;
  readonly contents = new Set<O>();

  constructor(record: RoomRecord) {
    this.id = record.id;
    this.name = record.name;
    this.description = record.description;
  }

  /**
   * Evennia's `msg_contents`: a message to every character here but the excluded ones.
   *
   * It is marked as chatter unless `chatter: false`: what a room relays is what others say and
   * do, which anyone in the room can produce at the command rate. Five players saying long lines
   * used to fill a slow reader's output buffer until the portal disconnected it (issue 14); as
   * chatter, the portal drops it for a lagging reader instead, and says how much. A game's room
   * event that must not be lost (a quest trigger) passes `chatter: false`. `fromObj` (who spoke)
   * reaches each session's `msg`, as Evennia's `from_obj` does; `type` becomes the text frame's
   * `type` (`say`, `pose`: docs/protocol.md#frames-out).
   */
  msgContents(
    text: string,
    options: { exclude?: readonly O[]; chatter?: boolean; fromObj?: unknown; type?: string } = {},
  ): void {
    const kwargs: MsgKwargs<never> = {
      fromObj: options.fromObj,
      options: { chatter: options.chatter ?? true, type: options.type },
    };
    for (const character of this.contents) {
      if (!options.exclude?.includes(character)) character.msg(text, kwargs);
    }
  }
}
