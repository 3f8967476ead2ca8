/**
 * The one-machine profiles (`npm run bench [-- --full | --smoke]`): start-up, capacity at the
 * working-set size (building the sessions every later scenario uses), latency (the websocket's,
 * then `look` over telnet), fan-out, saturation, login storm, reload stall, then the larger
 * capacity stages — the game on one machine against the baseline.
 */
import type { Bench } from './Bench.js';
import type { Runner } from './Runner.js';
import { capacity, type IdleMemory, memoryOf, type PreviousStage } from './scenarios/capacity.js';
import { chargen } from './scenarios/chargen.js';
import { fanout } from './scenarios/fanout.js';
import { latency } from './scenarios/latency.js';
import { reloadStall } from './scenarios/reload.js';
import { saturation } from './scenarios/saturation.js';
import { startup } from './scenarios/startup.js';
import { loginStorm } from './scenarios/storm.js';
import { withTelnetRows } from './scenarios/telnetLatency.js';

/** The capacity stage after which the reload stall is measured again. */
const RELOAD_AT = 5000;

const mb = (b: number) => (b / 2 ** 20).toFixed(0);

/** The note on idle memory after GC, per process: what per-session figures are relative to. */
export function idleNote(label: string, idle: IdleMemory): string {
  const parts = Object.entries(idle.project.parts)
    .map(([role, bytes]) => `${role} ${mb(bytes)}`)
    .join(', ');
  return (
    `Idle memory after GC: ${label} ${mb(idle.project.gc)} MB (${parts}), baseline ${mb(idle.baseline.gc)} MB. ` +
    "The game's processes run the compiled engine on plain node; the baseline runs TypeScript through tsx."
  );
}

/** Superuser and warm-up accounts, then the idle memory reading (the baseline's is `baselineIdle`). */
export async function prepare(runner: Runner, bench: Bench, baselineIdle: IdleMemory['baseline'], label: string) {
  runner.log(`${label}: creating the superuser and the login-storm accounts`);
  await bench.warmUp();
  const idle: IdleMemory = { project: await memoryOf(bench.project), baseline: baselineIdle };
  runner.results.notes.push(idleNote(label, idle));
  return idle;
}

export async function oneMachineRun(runner: Runner, bench: Bench, only: Set<string>): Promise<void> {
  const { profile, project, baseline } = bench;
  const attempt = runner.attempt.bind(runner, bench);
  if (only.has('startup')) {
    await attempt('startup', () => startup(profile.startupRuns), { spawnsOwn: true });
  }
  const idle = await prepare(runner, bench, await memoryOf(baseline), 'project');

  const [first, ...larger] = profile.capacity;
  let previous: PreviousStage | undefined;
  await attempt('capacity', async () => {
    const { result, stage } = await capacity(bench, first ?? profile.sessions, idle, undefined, larger.length === 0);
    previous = stage;
    return result;
  });
  if (bench.projectPlayers < profile.sessions) throw new Error('the working set could not be built');
  if (only.has('latency')) await attempt('latency', async () => withTelnetRows(bench, await latency(bench)));
  if (only.has('fanout')) await attempt('fanout', () => fanout(bench));
  if (only.has('saturation')) await attempt('saturation', () => saturation(bench));
  if (only.has('storm')) await attempt('storm', () => loginStorm(bench));
  if (only.has('chargen')) await attempt('chargen', () => chargen(bench));
  if (only.has('reload')) {
    await attempt('reload', () => reloadStall(bench));
    // A reload replaced the game server: the next stage's growth is measured from here.
    if (previous && larger.length > 0) {
      await bench.settle();
      const after = await memoryOf(project);
      previous = { ...previous, project: after.gc, projectLive: after.live };
      runner.results.notes.push('Larger capacity stages are measured from a reading taken after the reload.');
    }
  }
  if (only.has('capacity')) {
    const largest = Math.max(...profile.capacity);
    for (const n of larger) {
      await attempt(`capacity-${n}`, async () => {
        const { result, stage } = await capacity(bench, n, idle, previous, n === largest);
        previous = stage;
        return result;
      });
      // Issue 17: the reload stall again with 5,000 sessions connected (and sending).
      if (n === RELOAD_AT && only.has('reload')) {
        await attempt(`reload-${n}`, () => reloadStall(bench, n));
        await bench.settle();
        const after = await memoryOf(project);
        if (previous) previous = { ...previous, project: after.gc, projectLive: after.live };
      }
    }
  }
}
