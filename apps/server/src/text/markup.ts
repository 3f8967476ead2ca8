/**
 * Evennia-style colour markup (`|r` red, `|n` reset, `||` a literal bar) rendered to ANSI SGR, and
 * the sanitiser for text players type. Only the server's own markup ever becomes an escape
 * sequence: player text is stripped of control characters and its markup neutralised before it
 * is embedded in what others see (SPEC §6).
 */

const ESC = '\x1b[';
// Evennia: lower case = bright (hilite) colour, upper case = normal intensity.
const FOREGROUND: Record<string, string> = {
  x: '1;30',
  r: '1;31',
  g: '1;32',
  y: '1;33',
  b: '1;34',
  m: '1;35',
  c: '1;36',
  w: '1;37',
  X: '30',
  R: '31',
  G: '32',
  Y: '33',
  B: '34',
  M: '35',
  C: '36',
  W: '37',
};
const OTHER: Record<string, string> = { n: '0', h: '1', u: '4', i: '7' };

const MARKUP = /\|([|/xrgybmcwXRGYBMCWnhui])/g;

/** Renders markup to ANSI. Unknown `|?` pairs are kept as typed. Ends with a reset if coloured. */
export function renderMarkup(text: string): string {
  if (!text.includes('|')) return text;
  let coloured = false;
  // One regex pass: a room listing a thousand names is rendered for every `look`.
  const result = text.replace(MARKUP, (_pair, code: string) => {
    if (code === '|') return '|';
    if (code === '/') return '\r\n';
    coloured = code !== 'n';
    return `${ESC}${FOREGROUND[code] ?? OTHER[code]}m`;
  });
  return coloured ? `${result}${ESC}0m` : result;
}

/** Removes all markup, giving the plain text a player would read. */
export function stripMarkup(text: string): string {
  return text.replace(/\|([|/xrgybmcwXRGYBMCWnhui])/g, (_m, code: string) =>
    code === '|' ? '|' : code === '/' ? '\n' : '',
  );
}

/** Makes player text literal inside server markup: every bar is doubled. */
export function escapeMarkup(text: string): string {
  return text.replaceAll('|', '||');
}

// ESC/CSI/OSC/DCS sequences, then any remaining C0 (but tab) and C1 controls, DEL, and the
// Unicode bidi controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C) used to disguise text.
const ESCAPE_SEQUENCE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])?/g;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Strips everything from player text that could drive another player's terminal. */
export function sanitizePlayerText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
