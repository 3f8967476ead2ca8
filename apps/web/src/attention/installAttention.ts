import type { MudClient } from '../app/createMudClient.js';
import { type Attention, type AttentionPage, watchAttention } from './attention.js';
import { badgeIcon } from './favicon.js';
import { showNotification } from './notifications.js';

/** The real page: `document.visibilityState`, the title, and the `<link rel="icon">`. */
export function documentPage(doc: Document): AttentionPage {
  const link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  const ownIcon = link?.getAttribute('href') ?? null;
  return {
    hidden: () => doc.visibilityState === 'hidden',
    onVisible: (listener) => {
      const onChange = () => {
        if (doc.visibilityState === 'visible') listener();
      };
      doc.addEventListener('visibilitychange', onChange);
      return () => doc.removeEventListener('visibilitychange', onChange);
    },
    get title() {
      return doc.title;
    },
    set title(title) {
      doc.title = title;
    },
    setBadge: (count) => {
      if (link === null) return;
      const href = count > 0 ? badgeIcon(count, doc) : ownIcon;
      if (href !== null) link.setAttribute('href', href);
      link.toggleAttribute('data-unread', count > 0);
    },
  };
}

/** The unread counter and notifications of this tab (docs/architecture.md#unread-and-notifications). */
export function installAttention(doc: Document, client: MudClient): Attention {
  return watchAttention({
    output: client.stores.output,
    session: client.stores.session,
    page: documentPage(doc),
    notifying: () => client.settings.getState().settings.notify,
    notify: showNotification,
  });
}
