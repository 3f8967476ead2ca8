import { writeFileSync } from 'node:fs';
import { GeneratorPool } from './GeneratorPool.js';
import { summarize } from './stats.js';
import { ProjectTarget } from './targets.js';

const N = Number(process.argv[2] ?? 200);
const PROF = process.env.PROF;
const game = await ProjectTarget.start(
  PROF
    ? {
        NODE_OPTIONS: `--import ${new URL('./profile/cpu-profile-preload.mjs', import.meta.url).pathname}`,
        BENCH_CPU_PROF_DIR: PROF,
      }
    : {},
);
const pool = await GeneratorPool.start(1);
const name = (id: number) => `Bench${String(id).padStart(5, '0')}`;
const ids = Array.from({ length: N }, (_, i) => i);
await pool.open(game.wsUrl, 'project', ids);
let t = Date.now();
const a = await pool.auth('create', ids, name, 'bench-pass-1', 16);
console.log('create', N, Date.now() - t, a.ok);
await pool.quiet(500, 60000);
const rate = Number(process.argv[3] ?? 1);
for (const kind of (process.argv[4] ?? 'look').split(',')) {
  t = Date.now();
  const pids = [game.game.child.pid!, await game.game.pid('server')];
  if (PROF) for (const p of pids) process.kill(p, 'SIGUSR2');
  const r = await pool.load(ids, {
    ratePerSession: rate,
    durationMs: 10000,
    mix: [kind as 'look'],
    drainMs: 10000,
    maxOutstanding: N * rate * 2,
    records: false,
  });
  console.log(kind, Date.now() - t, r.sent, r.answered, r.aborted, summarize(r.latencies), await game.rss());
  if (PROF) for (const p of pids) process.kill(p, 'SIGUSR2');
  t = Date.now();
  console.log(await pool.quiet(1000, 120000), Date.now() - t);
  const p = await pool.probe([1], 'lookme', 0, 60000);
  console.log('probe', Date.now() - t, p, await game.game.health());
}
writeFileSync('/tmp/explore-game.log', game.game.log());
pool.stop();
await game.stop();
