import { useEffect, useRef } from 'react';
import { useMud } from '../app/MudContext.js';
import { useSessionState } from '../stores/react.js';
import { Terminal } from '../terminal/Terminal.js';
import { CommandInput } from './CommandInput.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LoginForm } from './LoginForm.js';
import { SessionPanel } from './SessionPanel.js';

export function App() {
  const { terminal, stores } = useMud();
  const loggedIn = useSessionState(stores.session, (s) => s.loggedIn);
  const inputRef = useRef<HTMLInputElement>(null);

  // Once the login form goes away, typing should land in the command line straight away.
  useEffect(() => {
    if (loggedIn) inputRef.current?.focus();
  }, [loggedIn]);

  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">MUD</h1>
        <ConnectionIndicator />
        <SessionPanel />
      </header>
      {!loggedIn && <LoginForm />}
      <main className="app__main">
        <Terminal terminal={terminal} onPlainClick={() => inputRef.current?.focus()} />
      </main>
      <footer className="app__footer">
        <CommandInput ref={inputRef} />
      </footer>
    </div>
  );
}
