/**
 * `npm start`: set up what is missing, then run the portal (which starts the game server).
 * Signals are passed on so Ctrl-C and SIGTERM give the graceful shutdown of docs/settings.md#signals.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDependencies, ensureWebBuild, installEnv, ROOT, runForwardingSignals } from './setup.mjs';

// Each installs pnpm first when it has work to do; a set-up checkout starts without asking pnpm.
ensureDependencies();
ensureWebBuild();

const serverDir = join(ROOT, 'apps/server');
const tsx = pathToFileURL(createRequire(join(serverDir, 'package.json')).resolve('tsx')).href;
runForwardingSignals(['--import', tsx, join(serverDir, 'src/portal/main.ts')], { env: installEnv() });
