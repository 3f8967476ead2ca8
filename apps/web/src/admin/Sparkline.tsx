/**
 * A small line chart drawn as SVG (no charting library: the admin chunk stays a few KB): the
 * values over time, with the latest value and the highest beside the title.
 */
export interface SparklineProps {
  title: string;
  /** `[time, value]` points, oldest first; null is a gap (the process was not there). */
  points: readonly (readonly [number, number | null])[];
  format: (value: number) => string;
  testId: string;
  /**
   * Scale from zero (counts) or from the lowest value seen (memory, which never nears zero: from
   * zero its line would sit flat at the top).
   */
  fromZero?: boolean;
  width?: number;
  height?: number;
}

export function Sparkline({
  title,
  points,
  format,
  testId,
  fromZero = true,
  width = 240,
  height = 48,
}: SparklineProps) {
  const values = points.flatMap(([, v]) => (v === null ? [] : [v]));
  const max = Math.max(1, ...values);
  const low = fromZero || values.length === 0 ? 0 : Math.min(...values) * 0.95;
  const range = Math.max(max - low, 1e-9);
  const first = points[0]?.[0] ?? 0;
  const span = Math.max(1, (points.at(-1)?.[0] ?? 1) - first);
  // One path, broken where a value is missing.
  let d = '';
  let pen = false;
  for (const [at, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    const x = ((at - first) / span) * width;
    const y = height - 2 - ((v - low) / range) * (height - 4);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  const latest = values.at(-1);
  return (
    <figure className="spark" data-testid={testId}>
      <figcaption className="spark__caption">
        <span>{title}</span>
        <span className="spark__value" data-testid={`${testId}-value`}>
          {latest === undefined ? '–' : format(latest)}
        </span>
      </figcaption>
      <svg
        className="spark__svg"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${latest === undefined ? 'no data yet' : format(latest)}, highest ${format(max)}`}
      >
        <path d={d} className="spark__line" />
      </svg>
      <div className="spark__scale">
        {values.length > 0 ? `${fromZero ? '' : `min ${format(Math.min(...values))}, `}max ${format(max)}` : '–'}
      </div>
    </figure>
  );
}
