/**
 * The baseline: a bare websocket server on the game's own library stack (Fastify +
 * @fastify/websocket, same versions and `maxPayload`, same subprotocol answer) and nothing else.
 * It greets each connection, echoes every frame back as it came, and a `say` line is also sent
 * to every other connection — the least any server must do to deliver the same frames, so
 * `project / baseline` is what the game's own work costs.
 *
 * Run in its own process by the driver, which reads its memory from /proc and its port from IPC.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';

const SUBPROTOCOL = 'v1.evennia.com';
const GREETING = JSON.stringify(['text', ['Baseline echo server: every frame comes back.'], {}]);
/** Frames of a `say` line start like this; everyone else gets those too. */
const SAY_PREFIX = '["text",["say ';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 65536,
      handleProtocols: (protocols: Set<string>) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
  });
  const clients = new Set<WebSocket>();
  app.get('/health', async () => ({ status: 'ok', sessions: clients.size }));
  app.get('/ws', { websocket: true }, (socket) => {
    clients.add(socket);
    socket.on('message', (data: Buffer, isBinary) => {
      socket.send(data, { binary: isBinary });
      if (!isBinary && data.toString('latin1', 0, SAY_PREFIX.length) === SAY_PREFIX) {
        for (const other of clients) if (other !== socket) other.send(data, { binary: false });
      }
    });
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => {});
    socket.send(GREETING);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ t: 'listening', port });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

void main();
