import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createMudClient } from './app/createMudClient.js';
import { MudProvider } from './app/MudContext.js';
import { installTestHooks } from './app/testHooks.js';
import { App } from './components/App.js';
import { socketUrl } from './net/socketUrl.js';
import './styles.css';

// The one place that builds the client; everything below receives it (no module singletons).
const client = createMudClient({ url: socketUrl(window.location) });
installTestHooks(window, client);
client.connection.connect();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <MudProvider client={client}>
      <App />
    </MudProvider>
  </StrictMode>,
);
