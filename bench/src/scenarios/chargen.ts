/**
 * Scenario 7, character creation under load (issue 17): a few players create characters and
 * step into them (`charcreate <name>`, then `ic <name>`, one after another, several rounds each)
 * while the working set keeps sending a command a second. Each creation is a database write the
 * player waits for; the figure is the slowest answer, which a write that stalls the game loop
 * (or waits behind other writes) makes long. The other players' round trips meanwhile show
 * whether those writes hold them up. The baseline has no characters; its cells stay empty.
 */
import { type Bench, PASSWORD, range, row, sleep } from '../Bench.js';
import type { ChargenResult, LoadResult } from '../generator/messages.js';
import type { ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';
import { loadDetails } from './latency.js';

/** Ids of the character-creating sessions, apart from the players' and the storm's. */
export const CHARGEN_BASE = 1_500_000;
const accountName = (n: number) => `Maker${String(n).padStart(3, '0')}`;

export async function chargen(bench: Bench): Promise<ScenarioResult> {
  const { sessions, rounds, ratePerSession } = bench.profile.chargen;
  const makers = range(bench.base + CHARGEN_BASE, sessions);
  const others = bench.projectIds();
  const opened = await bench.openProject(makers);
  if (opened.failed > 0) throw new Error(`chargen connections failed: ${opened.errors.join('; ')}`);
  const created = await bench.pool.auth(
    'create',
    makers,
    (id) => accountName(id - bench.base - CHARGEN_BASE),
    PASSWORD,
    sessions,
    120_000,
  );
  if (created.failed > 0) throw new Error(`chargen accounts: ${created.errors.join('; ')}`);
  await bench.settle(300);
  bench.log(`  ${sessions} players create and enter ${rounds} characters each while ${others.length} play`);
  const names = (id: number) => range(0, rounds).map((k) => `Made${id - bench.base - CHARGEN_BASE}x${k}`);

  const { value: measured, profiles } = await bench.profiled('chargen', () =>
    bench.cpuOf('project', async () => {
      const tag = `chargen-${bench.base}`;
      const loading = bench.pool.load(others, {
        tag,
        ratePerSession,
        durationMs: 120_000,
        mix: ['lookme'],
        drainMs: 10_000,
        maxOutstanding: Number.POSITIVE_INFINITY,
        records: true,
      });
      await sleep(2000);
      const firstSentAt = Date.now();
      const made: ChargenResult = await bench.pool.chargen(makers, names, 30_000);
      const lastDoneAt = Date.now();
      await sleep(500);
      await bench.pool.stopLoad(tag);
      const load: LoadResult = await loading;
      const during = load.records.filter(([sentAt]) => sentAt >= firstSentAt && sentAt <= lastDoneAt);
      return { made, load, during: during.map(([, latency]) => latency) };
    }),
  );
  const { made, load, during } = measured.value;
  await bench.pool.close(makers);
  await bench.settle();
  const create = summarize(made.charcreate);
  const ic = summarize(made.ic);
  const slowest = made.charcreate.length + made.ic.length > 0 ? Math.max(...made.charcreate, ...made.ic) : null;
  const expected = sessions * rounds;
  const othersDuring = summarize(during);
  return {
    id: 'chargen',
    title: '7. Character creation under load',
    rows: [
      row('characters created and entered', '', Math.min(made.charcreate.length, made.ic.length), null, {
        text: `all ${expected}`,
        atLeast: expected,
      }),
      row('charcreate p50', 'ms', create.p50, null),
      row('charcreate p99', 'ms', create.p99, null),
      row('ic p50', 'ms', ic.p50, null),
      row('ic p99', 'ms', ic.p99, null),
      row('slowest charcreate / ic answer', 'ms', slowest, null, { text: '< 50 ms', atMost: 50 }),
      row('other players p99 meanwhile', 'ms', othersDuring.p99, null),
      row('other players max meanwhile', 'ms', othersDuring.max, null),
    ],
    details: {
      sessions,
      rounds,
      failed: made.failed,
      errors: made.errors,
      charcreate: create,
      ic,
      othersDuring,
      othersWholeWindow: loadDetails(load),
      cpuSeconds: measured.cpu,
    },
    profiles,
  };
}
