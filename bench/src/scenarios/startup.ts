/**
 * Scenario 0, start-up (docs/settings.md#running-it: "On a checkout that is already set up, `npm start` serves within
 * 10 seconds"): runs `node scripts/start.mjs` — the same script `npm start` runs, set-up checks
 * included — on a fresh data directory and on a used one, and times it from spawn until
 * `/health` reports the game server up. Each is stopped with SIGTERM and must exit 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { row, sleep } from '../Bench.js';
import type { ScenarioResult } from '../report.js';
import { round, summarize } from '../stats.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TIMEOUT_MS = 60_000;

/** One `npm start`: milliseconds until the game server is up, and the exit code after SIGTERM. */
async function startOnce(dataDir: string): Promise<{ ms: number; exitCode: number | null }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      MUD_PORT: '0',
      MUD_TELNET_PORT: '0',
      MUD_HOST: '127.0.0.1',
      MUD_DATA_DIR: dataDir,
      MUD_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  try {
    while (Date.now() - started < TIMEOUT_MS) {
      const port = /PORTAL_LISTENING (\d+)/.exec(output)?.[1];
      if (port) {
        const health = await fetch(`http://127.0.0.1:${port}/health`)
          .then((r) => r.json() as Promise<{ server: string }>)
          .catch(() => undefined);
        if (health?.server === 'up') {
          const ms = Date.now() - started;
          child.kill('SIGTERM');
          return { ms, exitCode: await exited };
        }
      }
      await sleep(20);
    }
    throw new Error(`npm start did not serve within ${TIMEOUT_MS / 1000} s:\n${output}`);
  } finally {
    child.kill('SIGKILL');
  }
}

export async function startup(runs: number): Promise<ScenarioResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mud-bench-start-'));
  const first = await startOnce(dataDir);
  const again: { ms: number; exitCode: number | null }[] = [];
  for (let i = 0; i < runs; i++) again.push(await startOnce(dataDir));
  const times = summarize(again.map((r) => r.ms));
  const cleanExits = [first, ...again].filter((r) => r.exitCode === 0).length;
  return {
    id: 'startup',
    title: '0. Start-up',
    rows: [
      row('npm start → serving, new data directory', 'ms', first.ms, null, { text: '≤ 10000 ms', atMost: 10_000 }),
      row(`npm start → serving, existing data (median of ${runs})`, 'ms', times.p50, null, {
        text: '≤ 10000 ms',
        atMost: 10_000,
      }),
      row('clean exits after SIGTERM', 'count', cleanExits, null, { text: `${runs + 1}`, atLeast: runs + 1 }),
    ],
    details: { first, again: again.map((r) => r.ms), max: round(times.max, 0) },
  };
}
