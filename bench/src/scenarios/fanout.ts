/**
 * Scenario 3, fan-out: one puppet says something in a room of the whole working set (gathered
 * in one room for it, and sent back to their rooms of ten afterwards); the figure is the time
 * from the `say` leaving the speaker until the last listener has it. Says are sequential, one at
 * a time with a short gap, so each measures a quiet system.
 */
import { type Bench, cpuMsPer, ROOM_SIZE, row, sleep } from '../Bench.js';
import { homeRoom } from '../generator/messages.js';
import type { ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';

interface FanoutRun {
  lastMs: number[];
  firstMs: number[];
  missing: number;
  listeners: number;
}

async function run(bench: Bench, ids: number[], says: number, gapMs: number, tag: string): Promise<FanoutRun> {
  const [speaker, ...listeners] = ids;
  if (speaker === undefined) throw new Error('no sessions');
  const out: FanoutRun = { lastMs: [], firstMs: [], missing: 0, listeners: listeners.length };
  for (let i = 0; i < says; i++) {
    const token = `f${tag}${i}x${Math.random().toString(36).slice(2, 8)}z`;
    await bench.pool.arm(listeners, token);
    const sentAt = await bench.pool.send(speaker, `say ${token}`);
    const got = await bench.pool.collect(token, 15_000);
    out.missing += got.armed - got.received;
    if (got.last !== null && got.first !== null) {
      out.lastMs.push(got.last - sentAt);
      out.firstMs.push(got.first - sentAt);
    }
    await sleep(gapMs);
  }
  return out;
}

export async function fanout(bench: Bench): Promise<ScenarioResult> {
  const { says, gapMs } = bench.profile.fanout;
  // Speaker: session 1 (not the superuser); everyone else in the working set listens.
  const ids = bench.projectIds().slice(1);
  ids.push(0);
  const baseIds = bench.baselineIds();
  bench.log(`  gathering ${ids.length} sessions in one room`);
  await bench.pool.move(ids, () => 'hall');
  await bench.pool.move(baseIds, () => 'hall');
  await bench.settle(1000);
  bench.log(`  ${says} says to ${ids.length - 1} listeners`);
  const { value: projectRun, profiles } = await bench.profiled('fanout', () =>
    bench.cpuOf('project', () => run(bench, ids, says, gapMs, 'p')),
  );
  const project = projectRun.value;
  const { value: base, cpu: baseCpu } = await bench.cpuOf('baseline', () => run(bench, baseIds, says, gapMs, 'b'));
  bench.log('  back to the rooms of ten');
  await bench.pool.move(ids, (id) => homeRoom(id, ROOM_SIZE));
  await bench.pool.move(baseIds, (id) => homeRoom(id, ROOM_SIZE));
  await bench.settle(1000);
  const p = summarize(project.lastMs);
  const b = summarize(base.lastMs);
  return {
    id: 'fanout',
    title: '3. Fan-out',
    rows: [
      row(`last of ${project.listeners} listeners, p50`, 'ms', p.p50, b.p50),
      row(`last of ${project.listeners} listeners, p99`, 'ms', p.p99, b.p99, {
        text: '< 50 ms and ≤ 1.1× baseline',
        atMost: 50,
        timesBaseline: 1.1,
      }),
      row(`last of ${project.listeners} listeners, max`, 'ms', p.max, b.max),
      row('deliveries missing', '', project.missing, base.missing, { text: '0', atMost: 0 }),
      row(
        'CPU per delivery',
        'µs',
        (cpuMsPer(projectRun.cpu, says * project.listeners) ?? 0) * 1000,
        (cpuMsPer(baseCpu, says * base.listeners) ?? 0) * 1000,
      ),
    ],
    details: {
      says,
      listeners: project.listeners,
      project: { last: p, first: summarize(project.firstMs), missing: project.missing, cpuSeconds: projectRun.cpu },
      baseline: { last: b, first: summarize(base.firstMs), missing: base.missing, cpuSeconds: baseCpu },
      deliveriesPerSecond: {
        project: p.p50 ? Math.round((project.listeners / p.p50) * 1000) : null,
        baseline: b.p50 ? Math.round((base.listeners / b.p50) * 1000) : null,
      },
    },
    profiles,
  };
}
