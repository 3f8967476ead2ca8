/** A wall-clock time in the player's locale, e.g. "14:05". */
export function formatClock(epochMs: number, locale?: string): string {
  return new Date(epochMs).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
