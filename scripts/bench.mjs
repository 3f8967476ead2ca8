/**
 * `npm run bench [-- --full | --smoke] [--out <dir>] [--cpu-prof] [--only <scenarios>]`: set up
 * what is missing (as `npm start` does), then run the benchmark driver in bench/ with its own
 * tsx. The driver starts the game, the baseline server and the load generators itself, and
 * writes bench/results/<timestamp>-<profile>.json and bench/results/latest-<profile>.md.
 * BENCH_SKIP_SETUP=1 skips the set-up step (the smoke test, which runs inside `npm test`).
 */
import { join } from 'node:path';
import { ensureDependencies, ROOT, runForwardingSignals } from './setup.mjs';

if (process.env.BENCH_SKIP_SETUP !== '1') {
  ensureDependencies();
}

const benchDir = join(ROOT, 'bench');
// `--import tsx` resolves from the working directory: bench/ has tsx as its own dependency.
runForwardingSignals(['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], { cwd: benchDir });
