/**
 * The baseline: a bare websocket server on the game's own library stack (Fastify +
 * @fastify/websocket, same versions and `maxPayload`, same subprotocol answer) and nothing else.
 * It greets each connection, echoes every frame back as it came, and a `say` line is also sent
 * to every other connection in the same group — the least any server must do to deliver the
 * same frames, so `project / baseline` is what the game's own work costs. `+room <name>` puts
 * the connection in group `<name>` (the game's rooms); everyone starts in one group (Limbo).
 *
 * The same process also listens on a bare TCP port for the telnet rows: a line echo with the same
 * greeting, groups and `say` fan-out, and no option negotiation.
 *
 * Run in its own process by the driver, which reads its memory from /proc and its ports from IPC.
 */
import { createServer, type Socket } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';

const SUBPROTOCOL = 'v1.evennia.com';
const GREETING = JSON.stringify(['text', ['Baseline echo server: every frame comes back.'], {}]);
/** Frames of a `say` line start like this; everyone else gets those too. */
const SAY_PREFIX = '["text",["say ';
const ROOM_PREFIX = '["text",["+room ';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 65536,
      handleProtocols: (protocols: Set<string>) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
  });
  const groups = new Map<string, Set<WebSocket>>();
  const join = (name: string): Set<WebSocket> => {
    let group = groups.get(name);
    if (!group) {
      group = new Set();
      groups.set(name, group);
    }
    return group;
  };
  let clients = 0;
  app.get('/health', async () => ({ status: 'ok', sessions: clients }));
  app.get('/ws', { websocket: true }, (socket) => {
    clients++;
    let group = join('');
    group.add(socket);
    socket.on('message', (data: Buffer, isBinary) => {
      socket.send(data, { binary: isBinary });
      if (isBinary) return;
      const head = data.toString('latin1', 0, ROOM_PREFIX.length);
      if (head.startsWith(SAY_PREFIX)) {
        for (const other of group) if (other !== socket) other.send(data, { binary: false });
      } else if (head === ROOM_PREFIX) {
        const [, [line]] = JSON.parse(data.toString()) as [string, [string]];
        group.delete(socket);
        group = join(line.slice('+room '.length));
        group.add(socket);
      }
    });
    socket.on('close', () => {
      clients--;
      group.delete(socket);
    });
    socket.on('error', () => {});
    socket.send(GREETING);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const telnetPort = await lineEcho();
  process.send?.({ t: 'listening', port, telnetPort });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

/**
 * The TCP line echo: greets, sends every line back as it came (CRLF-terminated), a `say` line to
 * the rest of its group too, and `+room <name>` moves the connection to group `<name>`.
 */
async function lineEcho(): Promise<number> {
  const groups = new Map<string, Set<Socket>>();
  const join = (name: string): Set<Socket> => {
    let group = groups.get(name);
    if (!group) {
      group = new Set();
      groups.set(name, group);
    }
    return group;
  };
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    let group = join('');
    group.add(socket);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.replace(/\r$/, '');
        const out = `${line}\r\n`;
        socket.write(out);
        if (line.startsWith('say ')) {
          for (const other of group) if (other !== socket) other.write(out);
        } else if (line.startsWith('+room ')) {
          group.delete(socket);
          group = join(line.slice('+room '.length));
          group.add(socket);
        }
      }
    });
    socket.on('close', () => group.delete(socket));
    socket.on('error', () => {});
    socket.write('Baseline line echo: every line comes back.\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

void main();
