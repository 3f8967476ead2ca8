/**
 * Game output as telnet bytes (docs/telnet.md#text): `\n` becomes CR LF, IAC is doubled, the
 * text is UTF-8. The ANSI colour in it was rendered by the game server for this client's flags.
 */
import { escapeIac } from './codes.js';

/** A text frame's string as a telnet line (ending with CR LF). */
export function textLine(text: string): Buffer {
  const body = text.replace(/\r?\n/g, '\r\n');
  return escapeIac(Buffer.from(body.endsWith('\r\n') ? body : `${body}\r\n`, 'utf8'));
}

/** A prompt's string, left open for the player's answer (no line end of its own). */
export function promptText(text: string): Buffer {
  return escapeIac(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'));
}

/** An HTTP request's first line: someone pointed a browser at the telnet port. */
export const HTTP_REQUEST = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) \S+ HTTP\/\d/;

const HTTP_BODY = 'This is a telnet port: connect with a MUD client or `telnet`. The web client is on the HTTP port.\n';
export const HTTP_ANSWER = Buffer.from(
  `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(HTTP_BODY)}\r\nConnection: close\r\n\r\n${HTTP_BODY}`,
);
