import { useMud } from '../app/MudContext.js';
import { useStoreState } from '../stores/react.js';

/** How many recent entries the log keeps in the DOM; screen readers can review the terminal too. */
const SHOWN = 100;

/**
 * Screen-reader mode's live log: the game's output as plain text in a polite ARIA live region, so
 * new lines are announced as they arrive (WAI-ARIA `log` role). Visually hidden: sighted players
 * read the terminal. Rendered only in screen-reader mode.
 */
export function LiveLog() {
  const { stores, ui } = useMud();
  const on = useStoreState(ui, (s) => s.screenReader);
  const entries = useStoreState(stores.output, (s) => s.entries);
  if (!on) return null;
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-label="Game output log" data-testid="live-log">
      {entries.slice(-SHOWN).map((entry) => (
        <p key={entry.id} data-kind={entry.kind}>
          {entry.text}
        </p>
      ))}
    </div>
  );
}
