/**
 * Game server process entry. Started by the portal (never by hand): it talks to the portal over
 * the IPC channel, owns the database (SQLite in the data directory, or PostgreSQL), and exits
 * when told to or when the portal goes away.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqlAccountRepository } from '../accounts/SqlAccountRepository.js';
import { SqlThrottleStore } from '../accounts/SqlThrottleStore.js';
import type { GameDefinition } from '../commands/GameDefinition.js';
import { loadSettings } from '../config.js';
import { openDatabase } from '../db/Database.js';
import { IncidentRing } from '../incidentRing.js';
import { logIncident } from '../incidents.js';
import { serverLinkFromProcess } from '../link/IpcLink.js';
import { createLogger } from '../logger.js';
import { SqlCharacterRepository } from '../objects/SqlCharacterRepository.js';
import { SqlRoomRepository } from '../objects/SqlRoomRepository.js';
import { installHeapProbe } from '../util/heapProbe.js';
import { writePidFile } from '../util/pidFile.js';
import { GameServer } from './GameServer.js';
import { importGameModule } from './gameModule.js';

async function loadGame(module: string, dataDir: string): Promise<GameDefinition> {
  const loaded = (await importGameModule(module, dataDir)) as { game?: GameDefinition };
  if (!loaded.game || typeof loaded.game.connectionScreen !== 'function') {
    throw new Error(`${module} must export \`game\`, a GameDefinition with a connectionScreen`);
  }
  return loaded.game;
}

async function main(): Promise<void> {
  const settings = loadSettings();
  // Recent incidents for the admin view, fed by every logIncident of this process.
  const incidents = new IncidentRing('server');
  const logger = createLogger({
    name: 'server',
    level: settings.logLevel,
    dataDir: settings.dataDir,
    format: settings.logFormat,
    onIncident: incidents.sink,
  });
  installHeapProbe('server', settings.dataDir);
  const started = Date.now();
  // The pid file names the game server that serves: written when the portal hands this process
  // the sessions (during a reload the old one is still draining until then), removed only if ours.
  const pidFile = join(settings.dataDir, 'server.pid');
  const removePidFile = () => {
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
    } catch {
      // already gone
    }
  };

  process.stdout.on('error', () => {});
  process.on('uncaughtException', (err) => {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    logIncident(logger, 'server-uncaught', { err }, 'fatal');
    logger.flush();
    process.exit(1);
  });

  const link = serverLinkFromProcess(process, logger);
  const definition = await loadGame(settings.gameModule, settings.dataDir);
  // PostgreSQL when MUD_DATABASE_URL names one (docs/cluster.md#postgresql), else SQLite in the
  // data directory. A pooled connection that dies (the database restarted) is only worth a
  // warning: the pool drops it and the next statement gets a new one. SQLite's writer thread
  // failing is an incident: the writes waiting on it were refused (docs/architecture.md#the-database).
  const db = await openDatabase(
    settings.databaseUrl
      ? {
          url: settings.databaseUrl,
          onConnectionError: (err) => logger.warn({ err }, 'a database connection was lost; the pool replaces it'),
        }
      : {
          file: join(settings.dataDir, 'game.sqlite3'),
          onWriterError: (err) => logIncident(logger, 'database-writer-failed', { err }),
        },
  );

  let exiting = false;
  const exit = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    await db.close();
    removePidFile();
    logger.info({ code, uptimeMs: Date.now() - started }, 'game server stopped');
    logger.flush();
    // The last messages (the `stopping` hand-over) must reach the portal before the process goes;
    // a dead portal cannot hold the exit up for long.
    await Promise.race([link.flush(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    process.exit(code);
  };

  const server = new GameServer({
    settings,
    logger,
    link,
    accounts: new SqlAccountRepository(db.kysely),
    characters: new SqlCharacterRepository(db.kysely),
    rooms: new SqlRoomRepository(db.kysely),
    throttles: new SqlThrottleStore(db.kysely),
    definition,
    incidents,
    onStopped: () => void exit(0),
    onServing: () => writePidFile(pidFile),
  });

  // The portal went away (killed or crashed): nobody is left to serve.
  link.onClose(() => void exit(0));
  // Ctrl-C in a terminal reaches the whole process group; the portal leads the shutdown.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => void exit(0));

  await server.start();
  logger.info({ ms: Date.now() - started, mode: settings.multisessionMode }, 'game server started');
}

void main();
