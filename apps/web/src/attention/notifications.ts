/**
 * Browser notifications for addressed lines (docs/architecture.md#unread-and-notifications).
 * Permission is asked for only when the player turns the setting on, never on load.
 */

/** What asking gave: allowed, refused (or dismissed), or no notifications in this browser. */
export type PermissionAnswer = 'granted' | 'denied' | 'unsupported';

export async function askNotificationPermission(): Promise<PermissionAnswer> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const answer = await Notification.requestPermission();
  return answer === 'granted' ? 'granted' : 'denied';
}

/** Shows one notification if the browser allows it now (the player may have revoked it since). */
export function showNotification(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // One tag: a newer notification replaces the older instead of piling up.
  const notification = new Notification(title, { body, tag: 'mud-addressed' });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

export interface Throttle {
  /** Offers a line; shown now, or folded into one trailing notification at the end of the interval. */
  offer(line: string): void;
  /** Drops what waits (the player is back on the tab). */
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * At most one notification per `intervalMs`: the first line shows at once; lines within the
 * interval wait and show as one ("… and 2 more") when it ends, so none is silently lost.
 */
export function throttle(show: (body: string) => void, intervalMs: number, clock: ThrottleClock = realClock): Throttle {
  let lastShown = Number.NEGATIVE_INFINITY;
  let waiting: string[] = [];
  let timer: unknown;
  const flush = () => {
    timer = undefined;
    if (waiting.length === 0) return;
    const [latest] = waiting.slice(-1);
    const more = waiting.length - 1;
    waiting = [];
    lastShown = clock.now();
    show(more > 0 ? `${latest} (and ${more} more)` : (latest ?? ''));
  };
  return {
    offer: (line) => {
      const since = clock.now() - lastShown;
      if (since >= intervalMs && timer === undefined) {
        lastShown = clock.now();
        show(line);
        return;
      }
      waiting.push(line);
      if (timer === undefined) timer = clock.setTimeout(flush, intervalMs - since);
    },
    cancel: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      waiting = [];
    },
  };
}
