/**
 * Process entry for every role (docs/cluster.md#roles). The portal (`all`, `portal`): loads
 * settings, starts HTTP + websocket and the other listeners, forks the game server (`all`) or
 * joins the cluster (`portal`), and handles SIGTERM / SIGINT with a graceful shutdown
 * (docs/settings.md#signals). `server` runs the cluster's game-server host instead.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings, SettingsError } from '../config.js';
import { IncidentRing } from '../incidentRing.js';
import { logIncident } from '../incidents.js';
import { createLogger, defaultLogFormat } from '../logger.js';
import { installHeapProbe } from '../util/heapProbe.js';
import { writePidFile } from '../util/pidFile.js';
import { banner, playAddresses } from './banner.js';
import { buildHttpApp } from './httpApp.js';
import { protocolListeners } from './listeners.js';
import { Portal } from './Portal.js';
import { GameServerProcessLauncher } from './supervisor/GameServerProcess.js';
import { ProcessSupervisor } from './supervisor/ProcessSupervisor.js';

async function main(): Promise<void> {
  let settings: ReturnType<typeof loadSettings>;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`Invalid settings: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (settings.role === 'server') {
    const { runHost } = await import('../cluster/hostMain.js');
    await runHost(settings);
    return;
  }
  mkdirSync(settings.dataDir, { recursive: true });
  // The sessions table's "portal" column and the admin view's incidents (issue 16).
  // The cluster's code (and the NATS client) is loaded only by a cluster portal (issue 17: a
  // one-machine portal's idle memory).
  const clusterRole = settings.role === 'portal' ? await import('../cluster/portalRole.js') : undefined;
  if (clusterRole) settings.portalId ??= clusterRole.defaultPortalId(settings.port);
  const portalId = settings.portalId ?? 'local';
  const incidents = new IncidentRing(portalId);
  const logger = createLogger({
    name: 'portal',
    level: settings.logLevel,
    dataDir: settings.dataDir,
    format: settings.logFormat,
    onIncident: incidents.sink,
  });
  const pidFile = join(settings.dataDir, 'portal.pid');
  writePidFile(pidFile);
  installHeapProbe('portal', settings.dataDir);

  let sessionCount = () => 0;
  const cluster = clusterRole
    ? await clusterRole
        .clusterPortal(settings, logger, () => sessionCount())
        .catch((err: unknown) => {
          if (!(err instanceof SettingsError)) throw err;
          process.stderr.write(`Invalid settings: ${err.message}\n`);
          rmSync(pidFile, { force: true });
          process.exit(2);
        })
    : undefined;
  // The game server reads the same settings; pass the resolved data dir so both agree.
  const supervisor =
    cluster?.supervisor ??
    new ProcessSupervisor({
      launcher: new GameServerProcessLauncher({ ...process.env, MUD_DATA_DIR: settings.dataDir }, logger),
      logger,
    });
  const portal = new Portal({
    supervisor,
    resumeTokens: cluster?.resumeTokens,
    logger,
    resumeGraceSeconds: settings.resumeGrace,
    resumeGraceClosedSeconds: settings.resumeGraceClosed,
    admin: { portalId, incidents },
    limits: {
      maxConnectionRate: settings.maxConnectionRate,
      maxSessionsPerIp: settings.maxSessionsPerIp,
    },
  });
  if (cluster) {
    portal.sessions.allocate = cluster.allocate;
    settings.portalId = cluster.portalId;
  }
  sessionCount = () => portal.sessions.size;
  /** Every port bound, by protocol, for `/health` and the `PORTAL_PORTS` line. */
  const ports: Record<string, number> = {};
  const app = await buildHttpApp({ portal, settings, logger, ports });
  const listeners = await protocolListeners({ portal, settings, logger });

  let exiting = false;
  const stop = async (why: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    logger.info({ why }, 'stopping');
    try {
      await Promise.all(listeners.map((listener) => listener.close()));
      await portal.shutdown();
      await app.close();
    } catch (err) {
      logIncident(logger, 'portal-shutdown-failed', { err });
    }
    rmSync(pidFile, { force: true });
    logger.info('portal stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  portal.onShutdownRequest = (by) => void stop(`shutdown requested by ${by}`);
  // Whoever reads our stdout may go away (a closed terminal, a test runner); keep serving.
  process.stdout.on('error', () => {});
  process.on('uncaughtException', (err) => {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    logIncident(logger, 'portal-uncaught', { err }, 'fatal');
  });

  /**
   * A port that cannot be bound stops the start with a clear message and a non-zero exit
   * (docs/settings.md#failure-to-bind), and leaves no pid file behind.
   */
  const bindFailed = (err: unknown, port: number, what: string): never => {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'it is in use' : code === 'EACCES' ? 'permission denied' : String(err);
    process.stderr.write(`Cannot listen on ${settings.host}:${port}${what}: ${why}.\n`);
    logIncident(logger, 'portal-bind-failed', { err, port }, 'fatal');
    // A listener can fail before the log file is even open (a bad SSH host key): pino's flush,
    // and its own flush on exit, then throw "sonic boom is not ready yet". The exit must happen
    // anyway; Node runs the exit hooks once, so the second `exit` goes straight out.
    try {
      logger.flush();
    } catch {}
    rmSync(pidFile, { force: true });
    try {
      process.exit(1);
    } catch {
      process.exit(1);
    }
  };
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (err) {
    bindFailed(err, settings.port, '');
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  ports.http = port;
  for (const listener of listeners) {
    try {
      ports[listener.name] = await listener.listen(settings.host);
    } catch (err) {
      bindFailed(err, listener.port, ` (${listener.name})`);
    }
  }
  logger.info({ port, host: settings.host, mode: settings.multisessionMode }, 'portal listening');
  // Tests and scripts read these lines to learn ephemeral ports; PORTAL_LISTENING comes last.
  process.stdout.write(`PORTAL_PORTS ${JSON.stringify(ports)}\n`);
  process.stdout.write(`PORTAL_LISTENING ${port}\n`);
  portal.onServing = (kind) => {
    if (kind !== 'first') return;
    // For the person who ran `npm start`; a log collector gets the same as one JSON record.
    if ((settings.logFormat ?? defaultLogFormat()) === 'pretty') {
      process.stdout.write(banner(settings.serverName, settings.host, ports));
    } else {
      logger.info({ urls: playAddresses(settings.host, port), ports }, 'serving');
    }
  };
  portal.startGameServer();
}

void main();
