/** Small text helpers for command output. */
import { stripMarkup } from './markup.js';

// Shared with the web client's panels, which show the same durations (issue 11).
export { formatDuration } from '@mud/protocol';

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
