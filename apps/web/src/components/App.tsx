import { useCallback, useEffect, useRef } from 'react';
import { useMud } from '../app/MudContext.js';
import { useStoreState } from '../stores/react.js';
import { Terminal } from '../terminal/Terminal.js';
import { CharacterMenu } from './CharacterMenu.js';
import { CommandInput } from './CommandInput.js';
import { Header } from './Header.js';
import { LiveLog } from './LiveLog.js';
import { LoginForm } from './LoginForm.js';
import { SessionPanel } from './SessionPanel.js';

/** Keys that type a character: these, pressed outside any field, go to the command line. */
function isTypingKey(event: KeyboardEvent): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // xterm's hidden textarea is not a field the player types into (stdin is disabled).
  if (target.closest('.terminal') !== null) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function App() {
  const { terminal, stores, ui } = useMud();
  const loggedIn = useStoreState(stores.session, (s) => s.loggedIn);
  const ooc = useStoreState(stores.session, (s) => s.session?.puppet === null);
  const mode = useStoreState(stores.session, (s) => s.session?.mode ?? 0);
  const sidebarOpen = useStoreState(ui, (s) => s.sidebarOpen);
  const inputRef = useRef<HTMLInputElement>(null);
  const focusInput = useCallback(() => inputRef.current?.focus(), []);

  // docs/architecture.md#the-web-client: in modes 2/3, and whenever the session is OOC, the character menu is shown.
  const showMenu = loggedIn && (mode >= 2 || ooc);

  // Once the login form goes away, typing should land in the command line straight away.
  useEffect(() => {
    if (loggedIn) focusInput();
  }, [loggedIn, focusInput]);

  // On a phone the side panel folds away while playing and comes back when OOC.
  useEffect(() => {
    ui.getState().setSidebarOpen(!loggedIn || ooc);
  }, [ui, loggedIn, ooc]);

  // Typing anywhere outside a field (after clicking a button, on the terminal) types a command.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!loggedIn || !isTypingKey(event) || isField(event.target)) return;
      if (event.target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter')) return;
      focusInput();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [loggedIn, focusInput]);

  return (
    <div className="app">
      <Header />
      <div className={`app__body${sidebarOpen ? '' : ' app__body--folded'}`}>
        <main className="play">
          <div className="play__terminal">
            <Terminal terminal={terminal} onPlainClick={focusInput} onSearchClose={focusInput} />
          </div>
          <div className="play__input">
            <CommandInput ref={inputRef} />
          </div>
        </main>
        <aside className="sidebar" id="sidebar" aria-label={loggedIn ? 'Characters and session' : 'Log in'}>
          {!loggedIn && <LoginForm />}
          {showMenu && <CharacterMenu onDone={focusInput} />}
          <SessionPanel onDone={focusInput} />
        </aside>
      </div>
      <LiveLog />
    </div>
  );
}
