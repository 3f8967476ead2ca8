/**
 * `npm run soak -- [--minutes 10] [--players 200] [--seconds N] ...`: set up what is missing (as
 * `npm start` does), then run the soak driver in soak/ with its own tsx. The driver starts the
 * game and its load generators itself and writes soak/results/<timestamp>.json; it exits non-zero
 * on leaked sessions or lost commands. `--help` lists the options.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, ensurePnpm, ROOT, run } from './setup.mjs';

ensurePnpm();
ensureDependencies();
const soakDir = join(ROOT, 'soak');
// setup.mjs's install stamp does not watch soak/package.json: install if soak/ was never linked.
if (!existsSync(join(soakDir, 'node_modules', 'tsx'))) run('pnpm', ['install', '--frozen-lockfile']);

// `--import tsx` resolves from the working directory: soak/ has tsx as its own dependency.
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], {
  cwd: soakDir,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
