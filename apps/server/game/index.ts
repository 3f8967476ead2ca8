/**
 * The game's own code (Evennia's `mygame/`): what a game author edits. The game server loads this
 * module at start. See the README's "Adding a command".
 */
import type { GameDefinition } from '../src/commands/GameDefinition.js';
import { connectionScreen } from './connectionScreen.js';

export const game: GameDefinition = {
  connectionScreen,
  cmdsets: {
    // account: (defaults) => defaults.add(new CmdPing()),
  },
};
