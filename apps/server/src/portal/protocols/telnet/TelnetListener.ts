/**
 * The telnet listeners (docs/telnet.md#ports): plain telnet on MUD_TELNET_PORT and telnet over
 * TLS on MUD_TELNET_TLS_PORT, the same session class over a `net` or a `tls` socket. Each
 * connection is admitted by the portal's per-address limits like a websocket one.
 */
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { ProtocolKey } from '@mud/protocol';
import type { Settings } from '../../../config.js';
import type { Logger } from '../../../logger.js';
import { listenOn } from '../../listenOn.js';
import type { Portal } from '../../Portal.js';
import { textLine } from './encode.js';
import { TelnetSession } from './TelnetSession.js';
import { loadTlsPair } from './tls.js';

/**
 * What a listener needs: listeners.ts's `ListenerContext`, restated so this file does not import
 * listeners.ts back (no import circles, type-only included).
 */
interface ListenerContext {
  portal: Portal;
  settings: Settings;
  logger: Logger;
}

/** A TLS handshake must be done within this time, or the socket is dropped. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** How long a refused connection may take to close after being told why. */
const REFUSED_CLOSE_MS = 2000;

/** One of listeners.ts's `ProtocolListener`s. */
export class TelnetListener {
  private server: Server | undefined;
  private readonly started = Date.now();

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly protocolKey: ProtocolKey,
    private readonly context: ListenerContext,
  ) {}

  async listen(host: string): Promise<number> {
    const server = await this.makeServer();
    this.server = server;
    return listenOn(server, this.port, host);
  }

  private async makeServer(): Promise<Server> {
    const accept = (socket: Socket) => this.accept(socket);
    if (this.protocolKey === 'telnet') return createNetServer(accept);
    const { cert, key } = await loadTlsPair(this.context.settings, this.context.settings.serverName);
    const server = createTlsServer({ cert, key, handshakeTimeout: HANDSHAKE_TIMEOUT_MS }, accept);
    // A failed handshake (a plain telnet client on the TLS port, a scanner) concerns nobody.
    server.on('tlsClientError', (_err, socket) => socket.destroy());
    return server;
  }

  private accept(socket: Socket): void {
    const { portal, settings, logger } = this.context;
    socket.on('error', () => {});
    const address = socket.remoteAddress ?? 'unknown';
    if (portal.isStopping) {
      refuse(socket, 'The game is shutting down.');
      return;
    }
    const admission = portal.admit(address);
    if (!admission.ok) {
      refuse(socket, admission.reason);
      return;
    }
    const session = new TelnetSession(portal.sessions.nextSessid(), address, socket, portal, this.protocolKey, {
      maxOutputBuffer: settings.maxOutputBuffer,
      maxCommandRate: settings.maxCommandRate,
      maxGmcp: settings.maxFrameBytes,
      keepaliveSeconds: settings.heartbeatInterval,
      logger,
      mssp: () => this.mssp(),
    });
    portal.connected(session);
  }

  /** MSSP's variables (docs/telnet.md#mssp). */
  private mssp(): Record<string, string> {
    const { portal, settings } = this.context;
    return {
      NAME: settings.serverName,
      PLAYERS: String(portal.sessions.size),
      UPTIME: String(Math.floor(this.started / 1000)),
      CODEBASE: 'Evennia session layer in TypeScript',
      FAMILY: 'Custom',
      PORT: String(this.boundPort()),
      SSL: settings.telnetTlsPort === null ? '0' : String(settings.telnetTlsPort),
      'CRAWL DELAY': '-1',
      ANSI: '1',
      'UTF-8': '1',
      'XTERM 256 COLORS': '1',
      'XTERM TRUE COLORS': '0',
      GMCP: '1',
      MCCP: '1',
      MSDP: '0',
      MXP: '0',
      PUEBLO: '0',
      VT100: '0',
    };
  }

  private boundPort(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : this.port;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

/** Tells a refused connection why and closes it; one that does not close in time is destroyed. */
function refuse(socket: Socket, reason: string): void {
  socket.end(textLine(reason));
  const timer = setTimeout(() => socket.destroy(), REFUSED_CLOSE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The telnet listeners the settings turn on. */
export function telnetListeners(context: ListenerContext): TelnetListener[] {
  const { telnetPort, telnetTlsPort } = context.settings;
  const listeners: TelnetListener[] = [];
  if (telnetPort !== null) listeners.push(new TelnetListener('telnet', telnetPort, 'telnet', context));
  if (telnetTlsPort !== null) listeners.push(new TelnetListener('telnetTls', telnetTlsPort, 'telnet/tls', context));
  return listeners;
}
