/**
 * Latency summaries. Percentiles are nearest-rank over the raw samples (no histogram buckets):
 * runs are short enough to keep every sample, and nearest-rank never reports a value nobody saw.
 */
export interface Summary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const v of list) sum += v;
  return {
    count: list.length,
    p50: round(percentile(list, 50)),
    p90: round(percentile(list, 90)),
    p99: round(percentile(list, 99)),
    max: round(list.length > 0 ? (list[list.length - 1] ?? null) : null),
    mean: round(list.length > 0 ? sum / list.length : null),
  };
}

/** Three significant decimals are plenty for milliseconds and keep the JSON readable. */
export function round(value: number | null, digits = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** project / baseline, when both are positive numbers. */
export function ratio(project: number | null | undefined, baseline: number | null | undefined): number | null {
  if (project == null || baseline == null || baseline <= 0) return null;
  return round(project / baseline, 2);
}
