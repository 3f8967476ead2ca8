/**
 * The SSH listener (MUD_SSH_PORT, docs/telnet.md#ssh): a TCP server whose connections are handed
 * to `ssh2`'s server, with the host key made once in the data directory. Connections per
 * address are capped as the HTTP server's are, and a connection has a minute to log in.
 */
import { createServer, type Server, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { capConnectionsPerAddress } from '../../connectionCap.js';
import { listenOn } from '../../listenOn.js';
import { loadHostKey } from './hostKey.js';
import { SshConnection, type SshContext } from './SshConnection.js';

/** How long a connection may take from its first byte to a successful login (OpenSSH's LoginGraceTime). */
export const LOGIN_GRACE_MS = 60_000;
/** The software name the server announces (`SSH-2.0-…`). */
const IDENT = 'mud_ssh';

/** The SSH listener when MUD_SSH_PORT turns it on. */
export function sshListeners(context: SshContext): SshListener[] {
  const port = context.settings.sshPort;
  return port === null ? [] : [new SshListener(port, context)];
}

/** A `ProtocolListener` (listeners.ts), named `ssh`. */
export class SshListener {
  readonly name = 'ssh';
  private server: Server | undefined;
  /** Sockets handed to ssh2 whose client has not said who it is yet, by `address:port`. */
  private readonly arriving = new Map<string, { socket: Socket; grace: NodeJS.Timeout }>();
  private readonly connections = new Set<SshConnection>();

  constructor(
    readonly port: number,
    private readonly context: SshContext,
  ) {}

  async listen(host: string): Promise<number> {
    const { settings } = this.context;
    const hostKey = loadHostKey(settings.dataDir);
    const ssh = new ssh2.Server({
      hostKeys: [hostKey],
      ident: IDENT,
      ...(settings.heartbeatInterval > 0 ? { keepaliveInterval: settings.heartbeatInterval * 1000 } : {}),
    });
    ssh.on('connection', (client, info) => this.identified(client, `${info.ip}:${info.port}`));
    const server = createServer();
    capConnectionsPerAddress(server, settings.maxSessionsPerIp);
    server.on('connection', (socket) => this.accepted(ssh, socket));
    server.on('error', (err) => this.context.logger.warn({ err }, 'SSH listener error'));
    this.server = server;
    return listenOn(server, this.port, host);
  }

  private accepted(ssh: ssh2.Server, socket: Socket): void {
    // The cap may have destroyed it already; a stopping portal takes nobody new.
    if (socket.destroyed) return;
    if (this.context.portal.isStopping) {
      socket.destroy();
      return;
    }
    socket.on('error', () => {
      // A reset peer: the socket closes and ssh2 reports the close.
    });
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    const grace = setTimeout(() => socket.destroy(), LOGIN_GRACE_MS);
    grace.unref();
    this.arriving.set(key, { socket, grace });
    socket.once('close', () => {
      clearTimeout(grace);
      if (this.arriving.get(key)?.socket === socket) this.arriving.delete(key);
    });
    // ssh2 closes a connection that does not start with `SSH-` (an HTTP request, a telnet client).
    ssh.injectSocket(socket);
  }

  /** ssh2 read the client's identification: the connection gets its handler. */
  private identified(client: ssh2.Connection, key: string): void {
    const arriving = this.arriving.get(key);
    this.arriving.delete(key);
    if (!arriving) {
      client.end();
      return;
    }
    const connection = new SshConnection(client, arriving.socket, this.context);
    this.connections.add(connection);
    client.once('ready', () => clearTimeout(arriving.grace));
    arriving.socket.once('close', () => this.connections.delete(connection));
  }

  /**
   * Stops accepting connections. Connections without a session are closed here; the sessions'
   * are the portal's to close (its shutdown says goodbye first), so this does not wait for them.
   */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.close();
    for (const { socket } of this.arriving.values()) socket.destroy();
    for (const connection of this.connections) if (!connection.hasSession) connection.end();
  }
}
