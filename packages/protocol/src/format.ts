/**
 * Text formats shared by the game server's output and the web client's panels, so both show the
 * same thing (issue 11: there were two copies, "2d 04h" and "2d 4h"). No TypeBox: the web client
 * bundles this.
 */

/** Evennia's `time_format(seconds, 1)` style: `45s`, `12m`, `3h 05m`, `2d 04h`, as `who` shows. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${String(h % 24).padStart(2, '0')}h`;
}
