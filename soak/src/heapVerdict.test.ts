import { describe, expect, it } from 'vitest';
import { type HeapSample, judgeHeap, judgeRole, parseHeapSamples, pooledSlope } from './heapVerdict.js';

const MB = 1024 * 1024;
const MIN = 60_000;
const BEGIN = 1_700_000_000_000;

/** One sample a minute for a process started at `startMin`, heap `mb(minute)`. */
function series(
  role: string,
  pid: number,
  startMin: number,
  endMin: number,
  mb: (minute: number) => number,
): HeapSample[] {
  const out: HeapSample[] = [];
  for (let m = startMin; m <= endMin; m++) {
    out.push({
      pid,
      role,
      at: BEGIN + m * MIN,
      uptime: (m - startMin) * 60 + 1,
      heapUsed: mb(m) * MB,
      rss: 100 * MB,
    });
  }
  return out;
}

const run = { begin: BEGIN, durationMs: 30 * MIN, warmUpMs: 6 * MIN, maxGrowthMbPerHour: 5 };

describe('pooledSlope', () => {
  it('fits one slope across groups, each with its own intercept', () => {
    // Two processes at 10 and 50 MB, each growing 2 per unit: the jump between them is no growth.
    expect(
      pooledSlope([
        [
          [0, 10],
          [1, 12],
          [2, 14],
        ],
        [
          [3, 50],
          [4, 52],
          [5, 54],
        ],
      ]),
    ).toBeCloseTo(2);
    expect(
      pooledSlope([
        [
          [0, 30],
          [1, 30],
        ],
        [
          [2, 5],
          [3, 5],
        ],
      ]),
    ).toBe(0);
    expect(pooledSlope([])).toBe(0);
  });
});

describe('judgeHeap', () => {
  it('passes a heap that warms up steeply and then stays flat, with a noisy flat game server', () => {
    // Warm-up: 20 MB in the first 5 minutes (far above any bound), then flat with ±0.3 MB noise.
    const portal = series('portal', 1, 0, 30, (m) => (m < 5 ? 10 + 4 * m : 30 + (m % 3) * 0.3));
    const server = series('server', 2, 0, 30, (m) => 40 + ((m * 7) % 5) * 0.1);
    const verdict = judgeHeap([...portal, ...server], run);
    expect(verdict.judged).toBe(true);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.roles.map((r) => r.ok)).toEqual([true, true]);
  });

  it('fails a portal whose heap keeps growing after the warm-up, and says by how much', () => {
    // 0.5 MB a minute = 30 MB an hour.
    const portal = series('portal', 1, 0, 30, (m) => 30 + 0.5 * m);
    const server = series('server', 2, 0, 30, () => 40);
    const verdict = judgeHeap([...portal, ...server], run);
    expect(verdict.reasons).toEqual(['portal: heap data after GC grows 30 MB/hour, above the bound of 5 MB/hour']);
    expect(verdict.roles[0]?.slopeMbPerHour).toBeCloseTo(30);
  });

  it('does not count compiled code: a heap that grows only by JIT code passes', () => {
    // 0.5 MB a minute more heap, all of it code: the data stays at 30 MB.
    const jit = (pid: number, role: string) =>
      series(role, pid, 0, 30, (m) => 30 + 0.5 * m).map((s) => ({ ...s, codeUsed: s.heapUsed - 30 * MB }));
    const verdict = judgeHeap([...jit(1, 'portal'), ...jit(2, 'server')], run);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.roles.map((r) => r.slopeMbPerHour)).toEqual([0, 0]);
    expect(verdict.roles[0]?.processes[0]?.lastMb).toBe(30);
  });

  it('judges a game server replaced at each reload per process: fresh heaps are neither growth nor shrink', () => {
    const portal = series('portal', 1, 0, 30, () => 30);
    // Five game servers of six minutes each; each starts smaller than the last one ended.
    const flat = [0, 6, 12, 18, 24].flatMap((start, i) =>
      series('server', 10 + i, start, start + 5, (m) => (i % 2 ? 60 : 35) + (m - start === 0 ? 20 : 0)),
    );
    const flatVerdict = judgeHeap([...portal, ...flat], run);
    expect(flatVerdict.reasons).toEqual([]);
    // Its first sample (within the process's own warm-up, 20 MB above) is cut.
    expect(flatVerdict.roles[1]?.slopeMbPerHour).toBe(0);

    // The same servers each growing 1 MB a minute: caught although every reload starts low again.
    const growing = [0, 6, 12, 18, 24].flatMap((start, i) =>
      series('server', 10 + i, start, start + 5, (m) => 35 + (m - start)),
    );
    const growingVerdict = judgeHeap([...portal, ...growing], run);
    expect(growingVerdict.roles[1]?.ok).toBe(false);
    expect(growingVerdict.roles[1]?.slopeMbPerHour).toBeCloseTo(60);
  });

  it('fails when a role has too little data after the warm-up, and does not judge a run shorter than it', () => {
    const portal = series('portal', 1, 0, 30, () => 30);
    // Game servers that live two minutes each leave too few samples per process to count.
    const shortLived = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28].flatMap((start, i) =>
      series('server', 10 + i, start, start + 1, () => 40),
    );
    const verdict = judgeHeap([...portal, ...shortLived], run);
    expect(verdict.reasons).toHaveLength(1);
    expect(verdict.reasons[0]).toMatch(/^server: too little heap data after the warm-up/);

    const short = judgeHeap(
      series('portal', 1, 0, 6, (m) => m * 100),
      { ...run, durationMs: 7 * MIN },
    );
    expect(short.judged).toBe(false);
    expect(short.reasons).toEqual([]);
  });

  it('cuts the run warm-up by time and each process warm-up by uptime', () => {
    const samples = series('portal', 1, 0, 30, (m) => (m <= 6 ? 100 - m : 30));
    const options = {
      warmUpEndsAt: BEGIN + 7 * MIN,
      processWarmUpSeconds: 0,
      minSamples: 4,
      maxGrowthMbPerHour: 5,
      minSpanMs: 10 * MIN,
    };
    expect(judgeRole('portal', samples, options).slopeMbPerHour).toBe(0);
    expect(judgeRole('portal', samples, { ...options, warmUpEndsAt: BEGIN }).slopeMbPerHour).toBeLessThan(-5);
  });
});

describe('parseHeapSamples', () => {
  it('reads the probe lines and skips a torn or foreign line', () => {
    const line = JSON.stringify({ pid: 3, role: 'portal', at: 5, uptime: 1, heapUsed: 7, rss: 9 });
    expect(parseHeapSamples(`${line}\n{"pid":3,"ro\nnot json\n{"x":1}\n`)).toEqual([JSON.parse(line)]);
  });
});
