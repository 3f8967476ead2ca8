/**
 * `npm run soak -- [--minutes 10] [--players 200] [--seconds N] ...`: set up what is missing (as
 * `npm start` does), then run the soak driver in soak/ with its own tsx. The driver starts the
 * game and its load generators itself and writes soak/results/<timestamp>.json; it exits non-zero
 * on leaked sessions, lost commands or heap growth past its bound (README.md#soak). `--help`
 * lists the options.
 */
import { join } from 'node:path';
import { ensureDependencies, ROOT, runForwardingSignals } from './setup.mjs';

ensureDependencies();
const soakDir = join(ROOT, 'soak');
// `--import tsx` resolves from the working directory: soak/ has tsx as its own dependency.
runForwardingSignals(['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], { cwd: soakDir });
