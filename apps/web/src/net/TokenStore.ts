/**
 * Where a tab keeps its private resume token (issue 5): `sessionStorage`, which is per tab and
 * survives a page refresh but not the tab. The token travels only inside the `resume` frame:
 * never in a URL, never logged.
 */
export interface ResumeToken {
  token: string;
  /** How long the portal keeps the session after the socket drops. */
  graceSeconds: number;
}

export interface TokenStore {
  load(): ResumeToken | null;
  save(token: ResumeToken): void;
  clear(): void;
}

/** For tests and for browsers that refuse storage: the token lives as long as the page. */
export function memoryTokenStore(): TokenStore {
  let current: ResumeToken | null = null;
  return {
    load: () => current,
    save: (token) => {
      current = { ...token };
    },
    clear: () => {
      current = null;
    },
  };
}

const KEY = 'mud.resume';

/**
 * Backed by a `Storage` (the tab's `sessionStorage`). Storage can throw (privacy modes, quota):
 * then the token is kept in memory, which still covers a dropped socket, just not a refresh.
 */
export function storageTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TokenStore {
  const fallback = memoryTokenStore();
  return {
    load: () => {
      try {
        const raw = storage.getItem(KEY);
        if (raw === null) return fallback.load();
        const parsed: unknown = JSON.parse(raw);
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          typeof (parsed as ResumeToken).token === 'string' &&
          typeof (parsed as ResumeToken).graceSeconds === 'number'
        ) {
          const { token, graceSeconds } = parsed as ResumeToken;
          return { token, graceSeconds };
        }
        return null;
      } catch {
        return fallback.load();
      }
    },
    save: (token) => {
      fallback.save(token);
      try {
        storage.setItem(KEY, JSON.stringify({ token: token.token, graceSeconds: token.graceSeconds }));
      } catch {
        // kept in memory only
      }
    },
    clear: () => {
      fallback.clear();
      try {
        storage.removeItem(KEY);
      } catch {
        // nothing stored
      }
    },
  };
}
