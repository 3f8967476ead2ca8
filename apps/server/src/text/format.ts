/** Small text helpers for command output. */
import { cropMarkup, stripMarkup } from './markup.js';
import { DEFAULT_WIDTH, textWidth } from './wrap.js';

// Shared with the web client's panels, which show the same durations (issue 11).
export { formatDuration } from '@mud/protocol';

/** Columns between two cells of a table. */
const GUTTER = 2;
/** A column is not cut narrower than this: three characters and the crop mark still say something. */
const MIN_COLUMN = 4;
/** Columns this narrow (a protocol, a duration) are cut only when cutting the wide ones is not enough. */
const SHORT_COLUMN = 10;
/** Ends a cell cut to fit (ASCII, so every client shows it). */
const CROP_MARK = '~';

/**
 * Column widths that fit `width` in all: the widest column gives up a column at a time, first
 * down to SHORT_COLUMN (so short columns stay whole while long ones give way), then to MIN_COLUMN.
 */
function fitColumns(natural: readonly number[], width: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((sum, w) => sum + w, 0) + GUTTER * Math.max(0, widths.length - 1);
  for (const floor of [SHORT_COLUMN, MIN_COLUMN]) {
    while (total > width) {
      const widest = widths.reduce((best, w, i) => (w > (widths[best] ?? 0) ? i : best), 0);
      if ((widths[widest] ?? 0) <= floor) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      total -= 1;
    }
  }
  // Still too wide at MIN_COLUMN each: the rows wrap at the reader's width instead.
  return widths;
}

/**
 * A plain left-aligned table whose widths ignore colour markup. It fits `width` columns (the
 * reader's screen width, docs/sessions.md#screen-width): when it would not, the widest columns
 * are narrowed and their longer cells cut, ending in `~`, rather than let a row overflow.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number = DEFAULT_WIDTH,
): string {
  const measure = (s: string) => textWidth(stripMarkup(s));
  const natural = headers.map((h, i) => Math.max(measure(h), ...rows.map((r) => measure(r[i] ?? ''))));
  const widths = fitColumns(natural, width);
  const fit = (cell: string, i: number) => {
    const room = widths[i] ?? 0;
    const cellWidth = measure(cell);
    if (cellWidth <= room) return cell + ' '.repeat(room - cellWidth);
    const cropped = `${cropMarkup(cell, room - CROP_MARK.length)}${CROP_MARK}`;
    return cropped + ' '.repeat(Math.max(0, room - measure(cropped)));
  };
  const line = (cells: readonly string[]) => cells.map(fit).join(' '.repeat(GUTTER)).trimEnd();
  return [line(headers.map((h) => `|w${h}|n`)), ...rows.map(line)].join('\n');
}

/**
 * Splits `<name> <rest>` where a name with spaces is given in double quotes (docs/architecture.md#account-names-and-passwords):
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
