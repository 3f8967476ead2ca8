/**
 * Reading what players see, for the integration kit (`TestClient`) and the browser kit (`e2e/kit`)
 * alike, so both match output the same way.
 */

/** Strips ANSI SGR codes so tests can match on the text a player reads. */
export function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** `text` with every regular-expression metacharacter escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A needle as a pattern: a string matches itself anywhere, a RegExp as written. */
export function asRegExp(needle: string | RegExp): RegExp {
  return typeof needle === 'string' ? new RegExp(escapeRegExp(needle)) : needle;
}
