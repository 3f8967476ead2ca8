import { useEffect, useId, useRef, useState } from 'react';
import { useMud } from '../app/MudContext.js';
import { askNotificationPermission } from '../attention/notifications.js';
import { useStoreState } from '../stores/react.js';
import { FONT_SIZE, LINE_HEIGHT, type ThemeName } from './settings.js';
import './settings.css';

const FONT_SIZES = Array.from({ length: FONT_SIZE.max - FONT_SIZE.min + 1 }, (_, i) => FONT_SIZE.min + i);

const PERMISSION_NOTES = {
  denied: 'The browser blocks notifications for this site: allow them in its site settings, then try again.',
  unsupported: 'This browser cannot show notifications.',
} as const;

/** The settings button in the top bar and the panel it opens (docs/architecture.md#player-settings). */
export function SettingsMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    // Opened by keyboard or pointer, the first setting takes the focus; Escape gives it back.
    panel.current?.querySelector<HTMLElement>('select, input')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="settings">
      <button
        ref={button}
        type="button"
        className="button button--ghost settings__button"
        data-testid="settings-button"
        aria-label="Settings"
        title="Settings"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">⚙</span>
        <span className="settings__button-text" aria-hidden="true">
          Settings
        </span>
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="settings__panel"
          role="dialog"
          aria-label="Settings"
          data-testid="settings-panel"
        >
          <SettingsForm />
        </div>
      )}
    </div>
  );
}

function SettingsForm() {
  const { settings: store } = useMud();
  const settings = useStoreState(store, (s) => s.settings);
  const update = store.getState().update;
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const setNotify = async (on: boolean) => {
    setNote(null);
    if (!on) {
      update({ notify: false });
      return;
    }
    // Asked only now, because the player asked for it: never on load.
    setAsking(true);
    const answer = await askNotificationPermission();
    setAsking(false);
    if (answer === 'granted') update({ notify: true });
    else setNote(PERMISSION_NOTES[answer]);
  };

  return (
    <>
      <h2 className="settings__title">Settings</h2>
      <label className="settings__row">
        Font size
        <select
          data-testid="settings-font-size"
          value={settings.fontSize ?? 'auto'}
          onChange={(e) => update({ fontSize: e.target.value === 'auto' ? null : Number(e.target.value) })}
        >
          <option value="auto">Automatic</option>
          {FONT_SIZES.map((size) => (
            <option key={size} value={size}>
              {size} px
            </option>
          ))}
        </select>
      </label>
      <label className="settings__row">
        Theme
        <select
          data-testid="settings-theme"
          value={settings.theme}
          onChange={(e) => update({ theme: e.target.value as ThemeName })}
        >
          <option value="dark">Dark</option>
          <option value="light">Light</option>
        </select>
      </label>
      <label className="settings__row">
        Line spacing {settings.lineHeight.toFixed(2)}
        <input
          type="range"
          data-testid="settings-line-height"
          min={LINE_HEIGHT.min}
          max={LINE_HEIGHT.max}
          step={0.05}
          value={settings.lineHeight}
          onChange={(e) => update({ lineHeight: Number(e.target.value) })}
        />
      </label>
      <label className="settings__row settings__row--check">
        <input
          type="checkbox"
          data-testid="settings-reduced-motion"
          checked={settings.reducedMotion}
          onChange={(e) => update({ reducedMotion: e.target.checked })}
        />
        Reduce motion
      </label>
      <label className="settings__row settings__row--check">
        <input
          type="checkbox"
          data-testid="settings-notify"
          checked={settings.notify}
          disabled={asking}
          onChange={(e) => void setNotify(e.target.checked)}
        />
        Notify me when addressed
      </label>
      {note !== null && (
        <p className="settings__note" role="status" data-testid="settings-note">
          {note}
        </p>
      )}
    </>
  );
}
