import type { CloseInfo, Connection } from '../net/Connection.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { CloseCode } from '../protocol.js';
import { frameToAnsi, noticeToAnsi } from '../terminal/frameToAnsi.js';
import type { CharMenuStore } from './charMenuStore.js';
import type { ConnectionStore } from './connectionStore.js';
import type { OutputStore } from './outputStore.js';
import { clearSnapshot, loadSnapshot, type SnapshotStorage, saveSnapshot } from './sessionSnapshot.js';
import type { SessionStore } from './sessionStore.js';

export interface Stores {
  connection: ConnectionStore;
  session: SessionStore;
  charMenu: CharMenuStore;
  output: OutputStore;
}

export interface BindOptions {
  /** Where the session's last state is kept for a page refresh; the tab's `sessionStorage`. */
  snapshot?: SnapshotStorage;
  now?: () => number;
}

/** RFC 6455 §7.1.5: 1005 means the close frame carried no code; 0 is what some fakes report. */
function closeDetail({ code, reason }: CloseInfo): string {
  const detail = [code === 1005 || code === 0 ? '' : `code ${code}`, reason].filter((part) => part !== '').join(': ');
  return detail === '' ? '' : ` (${detail})`;
}

/**
 * Feeds a connection's events into the stores, and writes the client's own notices (drops,
 * resumes) to the output. Returns a function that unbinds them.
 */
export function bindConnection(connection: Connection, stores: Stores, options: BindOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const { snapshot } = options;
  const notice = (text: string) => stores.output.getState().append('notice', noticeToAnsi(text));
  const forgetSession = () => {
    stores.session.getState().reset();
    stores.charMenu.getState().reset();
    if (snapshot) clearSnapshot(snapshot);
  };
  // Set by a 1001 (the portal going away: a restart or a shutdown) until the tab gets through
  // again; a new portal knows none of the old sessions, so what follows is a fresh one.
  let portalWentAway = false;
  const restarted = () => {
    portalWentAway = false;
    forgetSession();
    notice('The game restarted, so your session ended. Please log in again.');
  };

  stores.connection.getState().setStatus(connection.status, now());
  const unbind = [
    connection.on('status', (status) => {
      stores.connection.getState().setStatus(status, now());
      // Through again without a resume to refuse (the tab held no token): still a new session.
      if (status === ConnectionStatus.Connected && portalWentAway) restarted();
    }),
    connection.on('close', (event) => {
      stores.connection.getState().closed(event);
      // An answer to the login form may never come now; a resumed session replays it if it does.
      stores.session.getState().formAbandoned();
      if (event.final) {
        portalWentAway = false;
        forgetSession();
        notice(`Connection closed${closeDetail(event)}.`);
      } else if (event.code === CloseCode.GoingAway) {
        portalWentAway = true;
        notice(`The game closed the connection${closeDetail(event)}: it is restarting or shutting down. Reconnecting…`);
      } else {
        // The portal keeps the session for a grace period: keep showing it while we reconnect.
        notice(`Connection lost${closeDetail(event)}. Reconnecting…`);
      }
    }),
    connection.on('retry', ({ delayMs }) => stores.connection.getState().retryScheduled(now() + delayMs)),
    connection.on('token', ({ graceSeconds }) => stores.connection.getState().tokenReceived(graceSeconds)),
    connection.on('resume', (event) => {
      switch (event.kind) {
        case 'started':
          stores.connection.getState().resumePhase('resuming');
          return;
        case 'resumed': {
          stores.connection.getState().resumePhase('resumed');
          portalWentAway = false;
          // A refreshed page knows nothing of the session yet: put back what it last showed.
          const known = stores.session.getState().session;
          const saved = snapshot && known?.sessid !== event.sessid ? loadSnapshot(snapshot, event.sessid) : null;
          if (saved) {
            stores.session.getState().restore(saved.session);
            stores.charMenu.getState().restore(saved.menu);
          }
          notice(`Reconnected: session #${event.sessid} resumed.`);
          return;
        }
        case 'failed':
          stores.connection.getState().resumePhase('failed');
          if (portalWentAway) restarted();
          else {
            forgetSession();
            // The portal says why (ended, expired, or still open in another tab) when it can.
            notice(event.message ?? 'Your previous session had ended; this is a new one.');
          }
          return;
      }
    }),
    connection.on('frame', (frame) => {
      stores.session.getState().applyFrame(frame);
      stores.charMenu.getState().applyFrame(frame);
      const ansi = frameToAnsi(frame);
      if (ansi !== null)
        stores.output
          .getState()
          .append(frame[0] === 'error' ? 'error' : frame[0] === 'prompt' ? 'prompt' : 'text', ansi);
    }),
  ];
  if (snapshot) {
    const save = () => saveSnapshot(snapshot, stores.session.getState().session, stores.charMenu.getState().menu);
    unbind.push(stores.session.subscribe(save), stores.charMenu.subscribe(save));
  }
  return () => {
    for (const off of unbind) off();
  };
}
