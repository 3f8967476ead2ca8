/**
 * Websocket heartbeat: every interval each socket is pinged; one that has not answered the
 * previous ping is cut off (close 1006 at its session, which then ends or waits to be resumed).
 * Without it a peer that vanished without a FIN — a laptop lid, a dead NAT — would hold its
 * session for days.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

export function startHeartbeat(app: FastifyInstance, intervalSeconds: number): void {
  if (intervalSeconds <= 0) return;
  const answered = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const socket of app.websocketServer.clients) {
      if (answered.get(socket) === false) {
        socket.terminate();
        continue;
      }
      if (!answered.has(socket)) socket.on('pong', () => answered.set(socket, true));
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalSeconds * 1000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
