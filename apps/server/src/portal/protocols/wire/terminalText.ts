/**
 * Game text as the MUD Standards subprotocols carry it: UTF-8 ANSI in binary frames, a stream a
 * terminal shows as it comes (docs/telnet.md#mud-standards-websocket-subprotocols). Each `text`
 * frame ends its line with CRLF and its lone LFs become CRLF, as on telnet, so frames never run
 * together on one line; a prompt keeps its line open for the typing. Evennia's formats send each
 * text bare; a client that treats binary frames as a stream would then glue lines.
 */
import type { OutboundFrame } from '@mud/protocol';

const RED = '\x1b[31m';
const RESET = '\x1b[0m';
/** Controls a server-made error message has no use for; a quoted input cannot smuggle them. */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const crlf = (text: string) => text.replace(/(?<!\r)\n/g, '\r\n');

/** A `text` frame's string as a terminal line. */
export function textLine(text: string): string {
  const line = crlf(text);
  return line.endsWith('\r\n') ? line : `${line}\r\n`;
}

/** An error's message as a red terminal line, as the web client shows it. */
export function errorLine(message: string): string {
  return `${RED}${crlf(message.replace(CONTROLS, '')).replace(/\r\n$/, '')}${RESET}\r\n`;
}

/** The terminal text of a frame that shows as text (`text`, `prompt`, `error`); undefined for the rest. */
export function terminalText(frame: OutboundFrame): string | undefined {
  switch (frame[0]) {
    case 'text':
      return textLine(frame[1][0]);
    case 'prompt':
      return crlf(frame[1][0]);
    case 'error':
      return errorLine(frame[1][0]);
    default:
      return undefined;
  }
}

export const binary = (text: string): Buffer => Buffer.from(text, 'utf8');
