/**
 * A live room. Its contents are the characters in the game there: Evennia moves a character out
 * of the world when its last session unpuppets it and back when one puppets it (docs/architecture.md#default-commands).
 */
import type { RoomRecord } from './RoomRepository.js';

/** What a room needs of what is in it. A parameter, not `Character`, which refers to its room. */
export interface RoomOccupant {
  msg(text: string): void;
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

  /** Evennia's `msg_contents`: a message to every character here but the excluded ones. */
  msgContents(text: string, options: { exclude?: readonly O[] } = {}): void {
    for (const character of this.contents) {
      if (!options.exclude?.includes(character)) character.msg(text);
    }
  }
}
