/**
 * `npm start`: set up what is missing, then run the portal (which starts the game server).
 * Signals are passed on so Ctrl-C and SIGTERM give the graceful shutdown of docs/settings.md#signals.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDependencies, ensureWebBuild, installEnv, log, runForwardingSignals } from './setup.mjs';

// Each installs pnpm first when it has work to do; a set-up checkout starts without asking pnpm.
ensureDependencies();
ensureWebBuild();
// After the dependencies: the build needs esbuild. The compiled portal runs on plain node (no
// tsx loader) and forks the compiled game server (scripts/build-server.mjs).
const { ensureServerBuild, PORTAL_MAIN, SERVER_DIST } = await import('./build-server.mjs');
await ensureServerBuild({ log });
// The node flags and environment the engine's processes run with (apps/server/src/util/engineProcess.ts).
const { ENGINE_ENV, ENGINE_NODE_FLAGS } = await import(pathToFileURL(join(SERVER_DIST, 'util/engineProcess.js')).href);
runForwardingSignals([...ENGINE_NODE_FLAGS, PORTAL_MAIN], { env: { ...ENGINE_ENV, ...installEnv() } });
