import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createMudClient } from './app/createMudClient.js';
import { MudProvider } from './app/MudContext.js';
import { installTestHooks } from './app/testHooks.js';
import { installAttention } from './attention/installAttention.js';
import { AdminRoute, isAdminPath } from './components/AdminRoute.js';
import { App } from './components/App.js';
import { socketUrl } from './net/socketUrl.js';
import { followSettingsInPage } from './settings/followSettings.js';
import './styles.css';

/** Storage can be disabled (privacy settings): then reading the property itself throws. */
function storage(which: 'sessionStorage' | 'localStorage'): Storage | undefined {
  try {
    return window[which];
  } catch {
    return undefined;
  }
}

// The one place that builds the client; everything below receives it (no module singletons).
// sessionStorage is per tab and survives a refresh: where the resume token lives (issue 5).
const tabStorage = storage('sessionStorage');
const prefs = storage('localStorage');
const client = createMudClient({
  url: (size) => socketUrl(window.location, size),
  ...(tabStorage ? { tabStorage } : {}),
  ...(prefs ? { prefs } : {}),
  prefersReducedMotion: window.matchMedia('(prefers-reduced-motion: reduce)').matches,
});
installTestHooks(window, client);
followSettingsInPage(client.settings, document);
installAttention(document, client);
// A laptop waking up or a network coming back: do not wait out the backoff.
window.addEventListener('online', () => client.connection.retryNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') client.connection.retryNow();
});
// A refresh closes the socket: the next page resumes with the token, so this close must keep it.
window.addEventListener('pagehide', () => client.connection.leavePage());
window.addEventListener('pageshow', (event) => {
  if (event.persisted) client.connection.returnToPage();
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
// Rendered synchronously, effects included, so the terminal is attached and fitted before the
// first socket opens: its URL carries the real screen size, and the connection screen comes
// wrapped to it (docs/sessions.md#screen-width).
flushSync(() =>
  createRoot(root).render(
    <StrictMode>
      <MudProvider client={client}>{isAdminPath(window.location.pathname) ? <AdminRoute /> : <App />}</MudProvider>
    </StrictMode>,
  ),
);
client.connection.connect();
