import type { CharMenuState, SessionState } from '@mud/protocol';
import { decodeOutbound } from '../net/codec.js';

export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionSnapshot {
  session: SessionState;
  menu: CharMenuState | null;
}

const KEY = 'mud.session';

/**
 * The last OOB state of this tab's session, kept in `sessionStorage` beside the resume token.
 * After a refresh the resumed session is the same one, but the portal replays only what was said
 * while the tab was away, not the state it had: this puts the session panel and the character
 * menu back until the next `session` / `charmenu` frame. Stored as the frames themselves and
 * read back through the protocol codec, so what comes back is checked like any frame.
 */
export function saveSnapshot(storage: SnapshotStorage, session: SessionState | null, menu: CharMenuState | null): void {
  try {
    if (session === null) storage.removeItem(KEY);
    else
      storage.setItem(KEY, JSON.stringify([['session', [], session], menu === null ? null : ['charmenu', [], menu]]));
  } catch {
    // Storage refused: a refresh will show the login screen until the state is sent again.
  }
}

export function loadSnapshot(storage: SnapshotStorage, sessid: number): SessionSnapshot | null {
  try {
    const raw = storage.getItem(KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const sessionFrame = decodeOutbound(JSON.stringify(parsed[0]));
    const menuFrame = parsed[1] === null ? null : decodeOutbound(JSON.stringify(parsed[1]));
    if (sessionFrame?.[0] !== 'session' || sessionFrame[2].sessid !== sessid) return null;
    return { session: sessionFrame[2], menu: menuFrame?.[0] === 'charmenu' ? menuFrame[2] : null };
  } catch {
    return null;
  }
}

export function clearSnapshot(storage: SnapshotStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
