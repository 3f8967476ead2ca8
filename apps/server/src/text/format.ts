/** Small text helpers for command output. */
import { stripMarkup } from './markup.js';

/** Evennia's `time_format(seconds, 1)` style: `45s`, `12m`, `3h 05m`, `2d 04h`. */
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

/** A plain left-aligned table; widths ignore colour markup. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string) => stripMarkup(s).length;
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => `|w${h}|n`)), ...rows.map(line)].join('\n');
}

/**
 * Splits `<name> <rest>` where a name with spaces is given in double quotes (SPEC §7):
 * `"Jane Doe" secret words` gives name `Jane Doe`, rest `secret words`.
 */
export function splitQuotedName(args: string): { name: string; rest: string } | undefined {
  const text = args.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    if (end === -1) return undefined;
    return { name: text.slice(1, end).trim(), rest: text.slice(end + 1).trim() };
  }
  const space = text.search(/\s/);
  if (space === -1) return text ? { name: text, rest: '' } : undefined;
  return { name: text.slice(0, space), rest: text.slice(space + 1).trim() };
}
