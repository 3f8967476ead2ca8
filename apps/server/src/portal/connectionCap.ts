/**
 * A cap on the TCP connections one address holds open, whatever they are doing. A websocket
 * counts against `MUD_MAX_SESSIONS_PER_IP` once it is open, but a connection still dribbling its
 * HTTP upgrade (slowloris) or idling between page requests is no session yet, and nothing else
 * bounds how many of those one address keeps. The cap leaves room for a burst of handshakes
 * beyond the session limit, so they reach the portal and are refused with a reason (1008), and
 * for a browser's own page and asset connections; past it, new connections are dropped at once.
 *
 * Behind trusted proxies every player arrives from a proxy's address, so the cap is off there:
 * the proxy is the place to limit connections (SECURITY.md).
 */
import type { Server, Socket } from 'node:net';

/** Connections a browser opens for the page itself beside its websockets (Chromium keeps 6). */
export const HTTP_SLACK = 16;
/** Handshakes in flight may outnumber the sessions allowed this many times over. */
export const BURST_FACTOR = 3;

export function capConnectionsPerAddress(server: Server, maxSessionsPerIp: number): void {
  if (maxSessionsPerIp <= 0) return;
  const cap = BURST_FACTOR * maxSessionsPerIp + HTTP_SLACK;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
