/**
 * The portal's websocket lives at `/ws` on the origin that served the page (docs/settings.md#running-it, docs/protocol.md#the-websocket).
 * With the terminal's size, the URL carries it, so the connection screen (sent before any frame)
 * comes wrapped to the player's screen (docs/sessions.md#screen-width).
 */
export function socketUrl(
  location: Pick<Location, 'protocol' | 'host'>,
  size?: { cols: number; rows: number },
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = size === undefined ? '' : `?screenwidth=${size.cols}&screenheight=${size.rows}`;
  return `${scheme}//${location.host}/ws${query}`;
}
