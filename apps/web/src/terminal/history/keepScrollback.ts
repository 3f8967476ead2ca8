import type { Connection } from '../../net/Connection.js';
import { ConnectionStatus } from '../../net/ConnectionStatus.js';
import type { TerminalSink } from '../TerminalSink.js';
import type { Scrollback } from './Scrollback.js';

/** Ends the restored text's colours, so nothing of it bleeds into what follows. */
const RESET = '\x1b[0m';

export interface ScrollbackKeeper {
  /** True while output must wait: the restored text, if the resume succeeds, goes first. */
  readonly holding: boolean;
  /** Output the terminal was just given. */
  record(ansi: string): void;
  dispose(): void;
}

/**
 * Keeps the tab's scrollback in step with its session (docs/web-terminal.md#scrollback-across-a-refresh).
 * A page that finds text kept by its previous page holds the terminal's output until the portal
 * answers the resume: resumed, and the same session, the kept text is written first, then what
 * waited (the "Reconnected" notice, then what was said meanwhile); a refused resume, or a page
 * that had no token to resume with, starts clean. A close that ends the session (quit, a kick)
 * forgets the text; a new session after a failed resume starts a new one. `release` writes what
 * was held.
 */
export function keepScrollback(
  connection: Connection,
  scrollback: Scrollback,
  terminal: TerminalSink,
  release: () => void,
): ScrollbackKeeper {
  const kept = scrollback.session !== null && scrollback.text() !== '' ? scrollback.text() : null;
  if (kept === null) scrollback.clear();
  /** The kept text's session, until it is written or given up. */
  let restoring = kept === null ? null : scrollback.session;
  let holding = restoring !== null;

  const settle = (restore: boolean) => {
    if (restore && kept !== null) terminal.write(kept + RESET);
    else if (restoring !== null) scrollback.clear();
    restoring = null;
    if (holding) {
      holding = false;
      release();
    }
  };

  const off = [
    connection.on('resume', (event) => {
      if (event.kind === 'started') {
        // Another try after the game was out of reach: hold again until it is answered.
        if (restoring !== null) holding = true;
      } else if (event.kind === 'resumed') {
        if (restoring !== null) settle(event.sessid === restoring);
      } else if (event.kind === 'failed') {
        // A new session: its greeting comes after this event, into a clean scrollback.
        scrollback.clear();
        settle(false);
      }
    }),
    connection.on('status', (status) => {
      // Connected without a resume: the page had no token, so the kept text's session is gone.
      if (status === ConnectionStatus.Connected && restoring !== null) settle(false);
    }),
    connection.on('close', (event) => {
      if (event.final) {
        scrollback.clear();
        settle(false);
      } else if (holding) {
        // The game is out of reach: show why now; the kept text still comes if the resume works.
        holding = false;
        release();
      }
    }),
    connection.on('frame', (frame) => {
      if (frame[0] === 'session') scrollback.setSession(frame[2].sessid);
    }),
  ];

  return {
    get holding() {
      return holding;
    },
    record: (ansi) => scrollback.append(ansi),
    dispose: () => {
      for (const unsubscribe of off) unsubscribe();
      scrollback.dispose();
    },
  };
}
