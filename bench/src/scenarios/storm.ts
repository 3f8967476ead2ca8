/**
 * Scenario 4, login storm: a number of existing accounts log in at once (typed `connect`, each an
 * argon2id verify) while the working set keeps sending a command a second (from two seconds
 * before the storm to a second after it, at most `windowMs`); logins per second and the other
 * players' round trips for commands sent while logins were in flight. On the baseline a "login" is the same line
 * echoed, so its figure is the floor the network stack sets.
 */
import { BASELINE_BASE, type Bench, cpuMsPer, PASSWORD, range, row, STORM_BASE, sleep, stormName } from '../Bench.js';
import type { AuthResult, LoadResult } from '../generator/messages.js';
import type { ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';
import { loadDetails } from './latency.js';

/** Ids of the storm sessions on the baseline, after the working set's. */
const BASELINE_STORM = BASELINE_BASE + 900_000;

interface StormRun {
  auth: AuthResult;
  load: LoadResult;
  /** Other players' round trips for commands sent while logins were in flight. */
  during: number[];
}

async function run(
  bench: Bench,
  url: string,
  flavor: 'project' | 'baseline',
  stormIds: number[],
  others: number[],
): Promise<StormRun> {
  const { windowMs, ratePerSession, mix } = bench.profile.storm;
  const opened = await bench.pool.open(url, flavor, stormIds);
  if (opened.failed > 0) throw new Error(`storm connections failed: ${opened.errors.join('; ')}`);
  await bench.settle(300);
  const tag = `storm-${flavor}`;
  const loading = bench.pool.load(others, {
    tag,
    ratePerSession,
    durationMs: windowMs,
    mix,
    drainMs: 10_000,
    maxOutstanding: Number.POSITIVE_INFINITY,
    // Others keep playing however long they wait: their wait is the figure.
    records: true,
  });
  // Let the background load reach its steady state before the storm.
  await sleep(Math.min(2000, windowMs / 5));
  const name = flavor === 'project' ? stormName : (id: number) => `Storm${id - BASELINE_STORM}`;
  const auth = await bench.pool.auth('connect', stormIds, name, PASSWORD, stormIds.length, 60_000);
  // Keep the others playing a little past the storm, then stop (at most `windowMs` in all).
  await sleep(1000);
  await bench.pool.stopLoad(tag);
  const load = await loading;
  const during = load.records.filter(([sentAt]) => sentAt >= auth.firstSentAt && sentAt <= auth.lastDoneAt);
  await bench.pool.close(stormIds);
  await bench.settle();
  return { auth, load, during: during.map(([, latency]) => latency) };
}

export async function loginStorm(bench: Bench): Promise<ScenarioResult> {
  const { logins, windowMs } = bench.profile.storm;
  const others = bench.projectIds();
  bench.log(`  ${logins} logins at once while ${others.length} sessions send commands`);
  const { value: projectRun, profiles } = await bench.profiled('storm', () =>
    bench.cpuOf('project', () => run(bench, bench.project.wsUrl, 'project', range(STORM_BASE, logins), others)),
  );
  const project = projectRun.value;
  const { value: base, cpu: baseCpu } = await bench.cpuOf('baseline', () =>
    run(bench, bench.baseline.wsUrl, 'baseline', range(BASELINE_STORM, logins), bench.baselineIds()),
  );
  const rate = (r: StormRun) => {
    const secs = (r.auth.lastDoneAt - r.auth.firstSentAt) / 1000;
    return r.auth.ok > 0 && secs > 0 ? r.auth.ok / secs : null;
  };
  const pd = summarize(project.during);
  const bd = summarize(base.during);
  const stormSecs = (project.auth.lastDoneAt - project.auth.firstSentAt) / 1000;
  return {
    id: 'storm',
    title: '4. Login storm',
    rows: [
      row('logins completed', '', project.auth.ok, base.auth.ok, { text: `all ${logins}`, atLeast: logins }),
      row('logins per second', '/s', rate(project), rate(base)),
      row('login latency p99', 'ms', summarize(project.auth.latencies).p99, summarize(base.auth.latencies).p99),
      row('other players p50 during the storm', 'ms', pd.p50, bd.p50),
      row(
        'other players p99 during the storm',
        'ms',
        pd.p99,
        bd.p99,
        { text: '< 20 ms', atMost: 20 },
        stormSecs * 1000 > windowMs - 2000 ? 'storm outlasted the load window' : undefined,
      ),
      row('other players max during the storm', 'ms', pd.max, bd.max),
      row(
        'CPU per login',
        'ms',
        cpuMsPer(projectRun.cpu, logins),
        cpuMsPer(baseCpu, logins),
        undefined,
        "includes the others' commands meanwhile",
      ),
    ],
    details: {
      logins,
      project: {
        stormSeconds: stormSecs,
        loginLatency: summarize(project.auth.latencies),
        failed: project.auth.failed,
        errors: project.auth.errors,
        othersDuring: pd,
        othersWholeWindow: loadDetails(project.load),
        cpuSeconds: projectRun.cpu,
      },
      baseline: {
        stormSeconds: (base.auth.lastDoneAt - base.auth.firstSentAt) / 1000,
        loginLatency: summarize(base.auth.latencies),
        othersDuring: bd,
        othersWholeWindow: loadDetails(base.load),
        cpuSeconds: baseCpu,
      },
    },
    profiles,
  };
}
