/**
 * A live room. Its contents are the characters in the game there: Evennia moves a character out
 * of the world when its last session unpuppets it and back when one puppets it (SPEC §7).
 */
import type { Character } from './Character.js';
import type { RoomRecord } from './RoomRepository.js';

export class Room {
  readonly id: number;
  name: string;
  description: string;
  readonly contents = new Set<Character>();

  constructor(record: RoomRecord) {
    this.id = record.id;
    this.name = record.name;
    this.description = record.description;
  }

  /** Evennia's `msg_contents`: a message to every character here but the excluded ones. */
  msgContents(text: string, options: { exclude?: readonly Character[] } = {}): void {
    for (const character of this.contents) {
      if (!options.exclude?.includes(character)) character.msg(text);
    }
  }
}
