import type { OutboundFrame } from '@mud/protocol';
import { toCrlf } from './eol.js';
import { markPlayerText, PLAYER_TEXT_TYPES } from './playerText.js';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

function asLine(text: string): string {
  const crlf = toCrlf(text);
  return crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`;
}

/**
 * What a frame from the portal writes to the terminal, or null for frames that only change state.
 * Text is the server's own output, already sanitised to SGR colour codes (docs/protocol.md#player-text).
 */
export function frameToAnsi(frame: OutboundFrame): string | null {
  switch (frame[0]) {
    case 'text': {
      // Each text frame is a block of its own: it ends its line.
      const line = asLine(frame[1][0]);
      const { type } = frame[2];
      return type !== undefined && PLAYER_TEXT_TYPES.has(type) ? markPlayerText(line) : line;
    }
    case 'prompt':
      // Commands are typed in a separate input, never after the prompt, so the prompt ends its line.
      return asLine(frame[1][0]);
    case 'error':
      return `${RED}${asLine(frame[1][0]).replace(/\r\n$/, '')}${RESET}\r\n`;
    case 'logged_in':
    case 'session':
    case 'charmenu':
    case 'resume_token':
    case 'resumed':
    // A game's own OOB commands: this client draws none of them (a game's UI may read them).
    case 'oob':
    // The admin view's feed: drawn by the admin page (docs/architecture.md#the-admin-view).
    case 'admin':
      return null;
  }
}

/** A message from the client itself (not the server), such as a closed connection. */
export function noticeToAnsi(text: string): string {
  return `${YELLOW}${toCrlf(text)}${RESET}\r\n`;
}
