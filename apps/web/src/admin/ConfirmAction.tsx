/**
 * Every admin action is confirmed (issue 16): this box says what will happen, takes the boot's
 * reason or the message to everyone when the action has one, and only its confirm button acts.
 */
import { useEffect, useId, useRef, useState } from 'react';

export interface PendingAction {
  title: string;
  /** What will happen, in words. */
  detail: string;
  /** A text the action carries (the boot's reason, the message), with its label. */
  field?: { label: string; maxLength: number; required: boolean };
  confirmLabel: string;
  run(text: string): void;
}

export function ConfirmAction({ action, onClose }: { action: PendingAction; onClose(): void }) {
  const [text, setText] = useState('');
  const ids = useId();
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const ready = !action.field?.required || text.trim() !== '';
  return (
    <div className="admin__confirm-backdrop">
      <form
        className="card admin__confirm"
        role="alertdialog"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-detail`}
        data-testid="admin-confirm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          action.run(text.trim());
          onClose();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2 className="card__title" id={`${ids}-title`}>
          {action.title}
        </h2>
        <p id={`${ids}-detail`}>{action.detail}</p>
        {action.field && (
          <>
            <label className="field-label" htmlFor={`${ids}-text`}>
              {action.field.label}
            </label>
            <input
              id={`${ids}-text`}
              ref={first}
              className="field"
              data-testid="admin-confirm-text"
              maxLength={action.field.maxLength}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </>
        )}
        <div className="admin__confirm-buttons">
          <button type="button" className="button button--ghost" onClick={onClose} data-testid="admin-confirm-cancel">
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={!ready} data-testid="admin-confirm-ok">
            {action.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
