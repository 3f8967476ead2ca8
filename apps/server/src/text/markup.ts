/**
 * Evennia-style colour markup (`|r` red, `|n` reset, `||` a literal bar) rendered to ANSI SGR, and
 * the sanitiser for text players type. Only the server's own markup ever becomes an escape
 * sequence: player text is stripped of control characters and its markup neutralised before it
 * is embedded in what others see (docs/protocol.md#player-text).
 */

import { clusters, clusterWidth } from './wrap.js';

const ESC = '\x1b[';
const COLOURS = 'xrgybmcw';

/**
 * How a session's client takes colour: xterm's 256 colours (the web client, and the default),
 * the 16 ANSI colours only (a client that said `xterm256: false`), or none (`ansi: false`).
 */
export type ColourSupport = 'xterm256' | 'ansi' | 'none';

/**
 * One markup token (Evennia's, see its "Colors" page):
 * - `|r` … `|x` bright and `|R` … `|X` normal foreground; `|!R` normal colour keeping `|h`;
 * - `|[r` bright and `|[R` normal background;
 * - `|500` RGB (0–5 each) and `|=a` … `|=z` greyscale foreground, `|[500` and `|[=a` background;
 * - `|n` reset, `|h` / `|H` bright on / off, `|u` underline, `|*` and `|i` inverse;
 * - `|/` line break, `|-` tab, `|_` space, `||` a literal bar.
 * Anything else after a bar is kept as typed.
 */
const MARKUP = /\|(\[?=[a-z]|\[?[0-5]{3}|\[[xrgybmcwXRGYBMCW]|![XRGYBMCW]|[|/_*\-xrgybmcwXRGYBMCWnhHui])/g;
const SIMPLE: Record<string, string> = { n: '0', h: '1', H: '22', u: '4', i: '7', '*': '7' };
const LAYOUT: Record<string, string> = { '|': '|', '/': '\r\n', '-': '\t', _: ' ' };

/** The xterm palette index of an RGB cube colour (16–231) or a greyscale step (a: black … z: white). */
const cubeIndex = (rgb: string) => 16 + 36 * Number(rgb[0]) + 6 * Number(rgb[1]) + Number(rgb[2]);
const greyIndex = (letter: string) => {
  const step = letter.charCodeAt(0) - 97;
  return step === 0 ? 16 : step === 25 ? 231 : 231 + step;
};

/** The nearest of the 16 ANSI colours, for clients without xterm256: [colour 0–7, bright]. */
function nearestAnsi(code: string): [number, boolean] {
  if (code.startsWith('=')) {
    const step = code.charCodeAt(1) - 97;
    return step < 6 ? [0, false] : step < 13 ? [0, true] : step < 19 ? [7, false] : [7, true];
  }
  const [r, g, b] = [Number(code[0]), Number(code[1]), Number(code[2])];
  const top = Math.max(r, g, b);
  const on = (c: number) => (top > 0 && (c === top || c > top / 2) ? 1 : 0);
  return [on(r) + 2 * on(g) + 4 * on(b), top >= 4];
}

/** The SGR parameters of one markup code (the token without its bar). */
function sgr(code: string, colours: ColourSupport): string {
  const simple = SIMPLE[code];
  if (simple) return simple;
  const background = code.startsWith('[');
  const body = background ? code.slice(1) : code;
  if (body.startsWith('!')) return `3${COLOURS.indexOf(body[1]?.toLowerCase() ?? 'x')}`;
  if (body.length === 1) {
    const colour = COLOURS.indexOf(body.toLowerCase());
    const bright = body !== body.toUpperCase();
    // ANSI has no bright backgrounds; xterm256 has them as palette 8–15 (as Evennia does).
    if (background) return bright && colours === 'xterm256' ? `48;5;${8 + colour}` : `4${colour}`;
    return bright ? `1;3${colour}` : `22;3${colour}`;
  }
  if (colours === 'xterm256') {
    return `${background ? 48 : 38};5;${body.startsWith('=') ? greyIndex(body.slice(1)) : cubeIndex(body)}`;
  }
  const [colour, bright] = nearestAnsi(body);
  return background ? `4${colour}` : `${bright ? 1 : 22};3${colour}`;
}

/**
 * Renders markup to ANSI for a client with the given colour support. Unknown `|?` pairs are
 * kept as typed. Ends with a reset if coloured.
 */
export function renderMarkup(text: string, colours: ColourSupport = 'xterm256'): string {
  if (!text.includes('|')) return text;
  let coloured = false;
  // One regex pass: a room listing a thousand names is rendered for every `look`.
  const result = text.replace(MARKUP, (_pair, code: string) => {
    const layout = LAYOUT[code];
    if (layout !== undefined) return layout;
    if (colours === 'none') return '';
    coloured = code !== 'n';
    return `${ESC}${sgr(code, colours)}m`;
  });
  return coloured ? `${result}${ESC}0m` : result;
}

/** Removes all markup, giving the plain text a player would read. */
export function stripMarkup(text: string): string {
  return text.replace(MARKUP, (_pair, code: string) => (code === '/' ? '\n' : (LAYOUT[code] ?? '')));
}

/**
 * The first `columns` columns of markup text, for a table cell cut to fit a screen
 * (docs/sessions.md#screen-width): colour codes are all kept, so a colour still ends; the visible
 * text, `||` and `|_` included, is cut at a character boundary.
 */
export function cropMarkup(text: string, columns: number): string {
  let result = '';
  let col = 0;
  const take = (visible: string) => {
    for (const segment of clusters(visible)) {
      const width = clusterWidth(segment);
      if (col + width > columns) return;
      result += segment;
      col += width;
    }
  };
  let last = 0;
  for (const match of text.matchAll(MARKUP)) {
    take(text.slice(last, match.index));
    const code = match[1] as string;
    if (code === '|' || code === '_') {
      if (col < columns) {
        result += match[0];
        col += 1;
      }
    } else result += match[0];
    last = match.index + match[0].length;
  }
  take(text.slice(last));
  return result;
}

/** Makes player text literal inside server markup: every bar is doubled. */
export function escapeMarkup(text: string): string {
  return text.replaceAll('|', '||');
}

// ESC/CSI/OSC/DCS sequences, then any remaining C0 (but tab) and C1 controls, DEL, the
// Unicode bidi controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C) used to disguise text, and
// the line and paragraph separators (U+2028/2029), which some clients break lines at.
const ESCAPE_SEQUENCE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])?/g;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** `||` (a literal bar, skipped whole), or a run of spaces, tabs and the markup `|_` / `|-`. */
const SPACE_RUN = /\|\||(?:[ \t]|\|[_-])+/g;

/**
 * Player text that others will read (`say`, `pose`): sanitised, colour markup allowed, but a
 * `|/` line break kept literal and every run of blanks made one space, so a pose cannot start a
 * line that passes for another message.
 */
export function playerText(text: string): string {
  return (
    sanitizePlayerText(text)
      .replace(/\|([|/])/g, (pair, code: string) => (code === '/' ? '||/' : pair))
      // A run of blanks is one space: sized to a reader's width, a run could push the rest of the
      // line to the start of a row of its own, where it passes for a message from the game
      // ("You have been booted by admin.", issue 14).
      .replace(SPACE_RUN, (run) => (run === '||' ? run : ' '))
  );
}

/** Strips everything from player text that could drive another player's terminal. */
export function sanitizePlayerText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
