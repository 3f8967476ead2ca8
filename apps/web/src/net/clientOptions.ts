import type { InboundFrame } from '@mud/protocol';

/**
 * Client capabilities, sent when the socket opens and whenever the terminal is resized, so the
 * server can wrap text to the player's screen (Evennia's `client_options` input).
 */
export function clientOptionsFrame(cols: number, rows: number): InboundFrame {
  return ['client_options', [], { screenwidth: cols, screenheight: rows, ansi: true, utf8: true }];
}
