/** The portal's websocket lives at `/ws` on the origin that served the page (docs/settings.md#running-it, docs/protocol.md#the-websocket). */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
