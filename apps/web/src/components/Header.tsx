import { useMud } from '../app/MudContext.js';
import { SettingsMenu } from '../settings/SettingsPanel.js';
import { useStoreState } from '../stores/react.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';

export function Header() {
  const { ui, stores } = useMud();
  const screenReader = useStoreState(ui, (s) => s.screenReader);
  const sidebarOpen = useStoreState(ui, (s) => s.sidebarOpen);
  const who = useStoreState(stores.session, (s) => s.session?.puppet ?? s.session?.account ?? null);
  return (
    <header className="topbar">
      <h1 className="topbar__title">WebMUD</h1>
      <ConnectionIndicator />
      <div className="topbar__spacer" />
      {who !== null && <span className="topbar__who">{who}</span>}
      <button
        type="button"
        className="button button--ghost"
        aria-pressed={screenReader}
        onClick={() => ui.getState().setScreenReader(!screenReader)}
        title="Announce new output to screen readers and make the terminal readable by them"
      >
        Screen reader
      </button>
      <SettingsMenu />
      <button
        type="button"
        className="button button--ghost topbar__panel-toggle"
        aria-expanded={sidebarOpen}
        aria-controls="sidebar"
        onClick={() => ui.getState().setSidebarOpen(!sidebarOpen)}
      >
        Panel
      </button>
    </header>
  );
}
