import type { OutputStore } from '../stores/outputStore.js';
import type { SessionStore } from '../stores/sessionStore.js';
import { addressedTo } from './addressed.js';
import { type Throttle, throttle } from './notifications.js';

/** The bits of the page the counter drives; a fake in unit tests. */
export interface AttentionPage {
  hidden(): boolean;
  onVisible(listener: () => void): () => void;
  title: string;
  /** Sets the tab's icon to the badge for `count`, or back to the page's own icon for 0. */
  setBadge(count: number): void;
}

export interface AttentionOptions {
  output: OutputStore;
  session: SessionStore;
  page: AttentionPage;
  /** Whether the player wants notifications now (the setting, read at each line). */
  notifying(): boolean;
  /** Shows one notification (`showNotification`); called through a throttle. */
  notify(title: string, body: string): void;
  throttleMs?: number;
}

export interface Attention {
  /** Addressed lines since the tab was last visible. */
  unread(): number;
  dispose(): void;
}

const COUNT_PREFIX = /^\(\d+\) /;

/**
 * While the tab is hidden, counts the game's lines that address the player
 * (docs/architecture.md#unread-and-notifications): `(N) title` and a badge on the tab's icon,
 * and a notification per addressed line (throttled) if the player turned them on. Back on the
 * tab, the count goes.
 */
export function watchAttention(options: AttentionOptions): Attention {
  const { output, session, page } = options;
  let unread = 0;
  let seen = output.getState().lastId;
  let notifications: Throttle | undefined;

  const show = () => {
    const base = page.title.replace(COUNT_PREFIX, '');
    page.title = unread > 0 ? `(${unread}) ${base}` : base;
    page.setBadge(unread);
  };

  const onOutput = () => {
    const { entries, lastId } = output.getState();
    const fresh = entries.filter((entry) => entry.id > seen && entry.kind === 'text');
    seen = lastId;
    if (fresh.length === 0 || !page.hidden()) return;
    const puppet = session.getState().session?.puppet ?? null;
    const addressed = fresh.flatMap((entry) => entry.text.split('\n')).filter(addressedTo(puppet));
    if (addressed.length === 0) return;
    unread += addressed.length;
    show();
    if (!options.notifying()) return;
    notifications ??= throttle((body) => options.notify(puppet ?? 'MUD', body), options.throttleMs ?? 10_000);
    for (const line of addressed) notifications.offer(line.trim());
  };

  const unsubscribe = output.subscribe(onOutput);
  const unvisible = page.onVisible(() => {
    notifications?.cancel();
    if (unread === 0) return;
    unread = 0;
    show();
  });
  return {
    unread: () => unread,
    dispose: () => {
      notifications?.cancel();
      unsubscribe();
      unvisible();
    },
  };
}
