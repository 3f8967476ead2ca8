import type { CharacterEntry, CharMenuState, OutboundFrame, SessionEntry } from '@mud/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface CharMenuStoreState {
  /** The latest OOB `charmenu` frame: the account's characters, who plays them, its sessions. */
  menu: CharMenuState | null;
  applyFrame(frame: OutboundFrame): void;
  restore(menu: CharMenuState | null): void;
  reset(): void;
}

export type CharMenuStore = StoreApi<CharMenuStoreState>;

export function createCharMenuStore(): CharMenuStore {
  return createStore<CharMenuStoreState>()((set) => ({
    menu: null,
    applyFrame: (frame) => {
      if (frame[0] === 'charmenu') set({ menu: frame[2] });
      // Logged out (or a fresh, provisional session): the menu belonged to the old login.
      else if (frame[0] === 'session' && !frame[2].loggedIn) set({ menu: null });
    },
    restore: (menu) => set({ menu }),
    reset: () => set({ menu: null }),
  }));
}

/** What the menu's main button does for a character (docs/sessions.md#multisession-modes). */
export type CharacterAction =
  /** Nobody plays it: `ic` puppets it. */
  | 'play'
  /** Another of this account's sessions plays it; in mode 2 `ic` moves it here. */
  | 'take'
  /** Another session plays it; in modes 1 and 3 `ic` shares it. */
  | 'share'
  /** This session already plays it. */
  | 'playing';

export interface CharacterRow extends CharacterEntry {
  /** This tab's session plays it. */
  mine: boolean;
  /** The account's other sessions playing it. */
  others: number[];
  action: CharacterAction;
}

export function characterRows(menu: CharMenuState | null, sessid: number | null, mode: number): CharacterRow[] {
  if (menu === null) return [];
  return menu.characters.map((character) => {
    const mine = sessid !== null && character.puppetedBy.includes(sessid);
    const others = character.puppetedBy.filter((id) => id !== sessid);
    const action: CharacterAction = mine
      ? 'playing'
      : others.length === 0
        ? 'play'
        : mode === 1 || mode === 3
          ? 'share'
          : 'take';
    return { ...character, mine, others, action };
  });
}

/** This tab's entry in the account's session list, and the others. */
export function splitSessions(
  menu: CharMenuState | null,
  sessid: number | null,
): { own: SessionEntry | null; others: SessionEntry[] } {
  const sessions = menu?.sessions ?? [];
  return {
    own: sessions.find((s) => s.sessid === sessid) ?? null,
    others: sessions.filter((s) => s.sessid !== sessid),
  };
}

export function canCreateCharacter(menu: CharMenuState | null): boolean {
  return menu !== null && menu.characters.length < menu.maxCharacters;
}
