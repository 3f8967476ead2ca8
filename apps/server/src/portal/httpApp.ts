/**
 * The portal's HTTP face: `/health`, the websocket at `/ws`, and the built web client at `/` (and
 * `/admin`, the admin view's route of the same app).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { CloseCode, out } from '@mud/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Settings } from '../config.js';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { capConnectionsPerAddress } from './connectionCap.js';
import { startHeartbeat } from './heartbeat.js';
import { HostCheck } from './hostCheck.js';
import { isOriginAllowed } from './origin.js';
import type { Portal } from './Portal.js';
import { FrameEncoder } from './protocols/FrameEncoder.js';
import { screenSizeQuery } from './protocols/screenSizeQuery.js';
import { WebSocketSession } from './protocols/WebSocketSession.js';
import { chooseSubprotocol, WireFormats } from './protocols/wire/index.js';

/**
 * A request (a websocket upgrade included) must have sent its headers within this time; Node's
 * default of 60 s lets a slow client hold a connection for a minute without a word.
 */
const HEADERS_TIMEOUT_MS = 10_000;
/**
 * How often Node looks for requests past their headers timeout. Its default of 30 s let a slow
 * client keep a connection 20–32 s against a 10 s bound; a check every second holds it.
 */
const CONNECTIONS_CHECK_MS = 1000;

/**
 * What the web client may load and talk to (SECURITY.md): its own scripts, styles, images and
 * websocket, nothing inline but styles (xterm.js sets them), no framing by other sites.
 * `upgrade-insecure-requests` is left out: a game served over plain HTTP on a LAN address
 * would otherwise ask the browser for HTTPS it does not have; HSTS is the TLS proxy's call.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface HttpAppOptions {
  portal: Portal;
  settings: Settings;
  logger: Logger;
  webRoot?: string;
  /** The ports bound so far, by protocol (filled in as listeners start): `/health` reports them. */
  ports?: Readonly<Record<string, number>>;
}

export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const { portal, settings, logger } = options;
  const app: FastifyInstance = Fastify({
    // request.ip comes from X-Forwarded-For only when the peer is a configured proxy: otherwise
    // any client could pick its own address and walk around the per-address limits.
    trustProxy: settings.trustedProxies.length > 0 ? settings.trustedProxies : false,
    // Per-request logs are noise at MUD scale; Fastify's own warnings and errors still show.
    loggerInstance: logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    // Fastify makes a child logger per request, and a websocket's request lives as long as its
    // connection: the upgrade logs through the http logger itself (the session's own lines carry
    // its sessid), saving a logger object a session (issue 17).
    childLoggerFactory: (parent, bindings, options, raw) =>
      raw.headers.upgrade?.toLowerCase() === 'websocket' ? parent : parent.child(bindings, options),
    http: { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: CONNECTIONS_CHECK_MS },
  });
  const hosts = new HostCheck(settings.allowedHosts, settings.host);
  const formats = new WireFormats(new FrameEncoder());

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: settings.maxFrameBytes,
      // Without it ws would echo whatever the client offers first, spoken or not: the choice
      // is ours, in Evennia's order; with none we know, none is named and v1.evennia.com spoken.
      handleProtocols: (protocols: Set<string>) => chooseSubprotocol(protocols),
    },
    errorHandler: (error, socket) => {
      // ws reports a peer's protocol violation (a frame over MUD_MAX_FRAME_BYTES, bad UTF-8, a
      // bad opcode) with 'error' after it has started the close handshake with the right code
      // (1009, 1007, 1002). The plugin's default handler then terminated the socket: with the
      // peer's data still unread, that is a TCP reset, which can wipe the close frame before the
      // peer reads it, so the peer saw 1006 instead of why (a flaky attack test).
      if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) {
        logger.debug({ err: error.message }, 'websocket protocol error; closing with its code');
        return;
      }
      // Anything else is a throw in the route handler itself.
      logIncident(logger, 'portal-input-failed', { err: error });
      socket.close(CloseCode.InternalError, 'internal error');
    },
  });

  startHeartbeat(app, settings.heartbeatInterval);
  if (settings.trustedProxies.length === 0) capConnectionsPerAddress(app.server, settings.maxSessionsPerIp);

  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (portal.isStopping) {
          return reply.code(503).send({ error: 'shutting down' });
        }
        if (!hosts.allows(request.headers.host)) {
          logger.warn(
            { host: request.headers.host, address: request.ip },
            'refused a websocket handshake for a foreign host',
          );
          return reply.code(403).send({ error: 'host not allowed (MUD_ALLOWED_HOSTS)' });
        }
        const origin = request.headers.origin;
        if (!isOriginAllowed(origin, request.headers.host, settings.allowedOrigins)) {
          logger.warn({ origin, address: request.ip }, 'refused a websocket handshake from a foreign origin');
          return reply.code(403).send({ error: 'origin not allowed' });
        }
      },
    },
    (socket, request) => {
      if (portal.isStopping) {
        socket.close(CloseCode.GoingAway, 'server shutting down');
        return;
      }
      // The negotiated subprotocol decides the wire format (docs/telnet.md#mud-standards-websocket-subprotocols).
      const format = formats.for(socket.protocol);
      const offered = request.headers['sec-websocket-protocol'];
      if (offered !== undefined && socket.protocol === '') {
        logger.info(
          { offered: offered.slice(0, 200), address: request.ip },
          'websocket client offered no subprotocol this server speaks; speaking v1.evennia.com, unnamed',
        );
      }
      const admission = portal.admit(request.ip);
      if (!admission.ok) {
        for (const message of format.encode(out.error(admission.code, admission.reason))) socket.send(message);
        socket.close(admission.closeCode, admission.reason.slice(0, 120));
        return;
      }
      const session = new WebSocketSession(portal.sessions.nextSessid(), request.ip, socket, portal, {
        maxOutputBuffer: settings.maxOutputBuffer,
        maxCommandRate: settings.maxCommandRate,
        format,
        logger,
      });
      // The connection screen goes out before the first frame: wrap it to the URL's width (docs/sessions.md#screen-width).
      Object.assign(session.sync.protocolFlags, screenSizeQuery(request.url));
      portal.connected(session);
    },
  );

  // Everything but the websocket, in its own scope with Helmet's headers. The websocket is
  // outside it: ws answers the upgrade itself (the 101 is written to the socket, not through the
  // reply), so the headers would never be sent, yet Helmet's per-reply state would be kept for
  // as long as the connection lives, hundreds of bytes a session (issue 17).
  await app.register(async (pages) => {
    await pages.register(fastifyHelmet, {
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    });

    pages.get('/health', async () => ({
      status: 'ok',
      server: portal.serverState,
      sessions: portal.sessions.size,
      ports: options.ports ?? {},
      role: settings.role,
      ...(settings.portalId ? { portal: settings.portalId } : {}),
    }));

    const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
    if (existsSync(webRoot)) {
      // The web build writes .gz and .br files beside each asset; serve them to clients that accept them.
      await pages.register(fastifyStatic, { root: webRoot, prefix: '/', preCompressed: true });
      // The admin view is a route of the same single-page app (docs/architecture.md#the-admin-view):
      // the page is public and holds nothing; what it shows comes only to an authorised session.
      pages.get('/admin', (_req, reply) => reply.sendFile('index.html'));
    } else {
      logger.warn({ webRoot }, 'web client not built; serving a placeholder at /');
      pages.get('/', async (_req, reply) =>
        reply.type('text/plain').send('The web client is not built. Run `npm start`, which builds it.'),
      );
    }
  });
  return app;
}
