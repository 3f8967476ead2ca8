/**
 * Wraps rendered game text to a session's screen width (docs/sessions.md#screen-width), as
 * Evennia wraps to a client's `screenwidth`: prose breaks at spaces, SGR colour codes take no
 * columns and are never split, CJK and emoji take two, a word wider than the screen fills the
 * rest of its line and is broken hard, line breaks are kept and a line's leading indentation is kept on its continuation lines.
 * A rule (one symbol repeated, like `-----`) is cut to the width instead of spilling onto a
 * second line.
 */
import stringWidth from 'string-width';

/** The width of a session whose client never said (Evennia's CLIENT_DEFAULT_WIDTH is 78; ours 80). */
export const DEFAULT_WIDTH = 80;
/** Narrower than this is no screen to wrap for: a smaller `screenwidth` is taken as this. */
export const MIN_WIDTH = 20;
/** Wider than this gains nothing and would make a runaway value costly. */
export const MAX_WIDTH = 400;

/**
 * A session's width from its `screenwidth` client option: a positive number (or a string of
 * digits, as some clients send) clamped to MIN_WIDTH..MAX_WIDTH; anything else is DEFAULT_WIDTH.
 */
export function screenWidth(flag: unknown): number {
  const value = typeof flag === 'string' && /^\d{1,6}$/.test(flag) ? Number(flag) : flag;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) return DEFAULT_WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(value)));
}

/** An escape sequence (SGR colour, or any other CSI a raw message carries): no columns. */
const SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]/y;
const SGR_GLOBAL = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LINE_BREAK = /(\r\n|\n|\r)/;
const TAB_STOP = 8;
/** A rule: optional indentation, then one symbol (not a letter, digit or space) four times or more. */
const RULE = /^([ \t]*)([^\p{L}\p{N}\s])\2{3,}[ \t]*$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Characters that join with a neighbour into one grapheme: combining marks (variation selectors
 * among them), the zero-width joiner, emoji modifiers and flags' regional indicators, Hangul
 * jamo, tag characters, prepended concatenation marks. Text without any is one grapheme a code
 * point, and skips Intl.Segmenter, which costs microseconds a character.
 */
const JOINING =
  /\u200d|[\p{M}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{E0000}-\u{E007F}\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110BD}\u{110CD}]/u;

/** The graphemes of `text` (code points, when none can join). */
export function clusters(text: string): Iterable<string> {
  if (!JOINING.test(text)) return text;
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** Widths of graphemes seen, by `string-width`: text repeats its characters, and it is slow. */
const widths = new Map<string, number>();
const WIDTHS_KEPT = 10_000;

/** Widths of single UTF-16 characters, once measured (255: not yet). */
const bmpWidths = new Uint8Array(0x10000).fill(255);

/** The columns one grapheme takes. */
export function clusterWidth(cluster: string): number {
  if (cluster.length === 1) {
    const code = cluster.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) return 1;
    const known = bmpWidths[code] ?? 255;
    if (known !== 255) return known;
    const width = stringWidth(cluster);
    bmpWidths[code] = width;
    return width;
  }
  let width = widths.get(cluster);
  if (width === undefined) {
    width = stringWidth(cluster);
    if (widths.size >= WIDTHS_KEPT) widths.clear();
    widths.set(cluster, width);
  }
  return width;
}

/** Columns of text holding no line break; SGR codes take none. Tabs are not measured here. */
export function textWidth(text: string): number {
  const visible = text.includes('\x1b') ? text.replace(SGR_GLOBAL, '') : text;
  if (PRINTABLE_ASCII.test(visible)) return visible.length;
  let width = 0;
  for (const cluster of clusters(visible)) width += clusterWidth(cluster);
  return width;
}

/** The columns a whitespace run takes starting at column `col` (a tab goes to the next stop). */
function gapWidth(gap: string, col: number): number {
  let at = col;
  for (const ch of gap) at = ch === '\t' ? (Math.floor(at / TAB_STOP) + 1) * TAB_STOP : at + 1;
  return at - col;
}

/** A word: text with no space, the escape codes in and before it included. */
interface Word {
  text: string;
  width: number;
}

/** A line's tokens: an escape sequence, a run of blanks, a run of anything else. */
const TOKEN = /\x1b\[[0-?]*[ -/]*[@-~]|[ \t]+|[^\x1b \t]+|\x1b/g;

/** Splits a line into its leading blanks and (gap, word) pairs; escape codes go with the next word. */
function split(line: string): { indent: string; pairs: [string, Word][]; tail: string } {
  const pairs: [string, Word][] = [];
  let indent: string | undefined;
  let gap = '';
  let word = '';
  // Codes met between words: they go with the next word, so a break never drops one.
  let codes = '';
  const push = () => {
    if (indent === undefined) indent = gap;
    pairs.push([pairs.length === 0 ? '' : gap, { text: word, width: textWidth(word) }]);
    gap = '';
    word = '';
  };
  for (const [token] of line.matchAll(TOKEN)) {
    if (token.length > 1 && token.startsWith('\x1b[')) {
      if (word === '') codes += token;
      else word += token;
    } else if (token[0] === ' ' || token[0] === '\t') {
      if (word !== '') push();
      gap += token;
    } else {
      if (word === '') {
        word = codes;
        codes = '';
      }
      word += token;
    }
  }
  if (word !== '') push();
  return { indent: indent ?? '', pairs, tail: gap + codes };
}

/** The escape codes of `text`, in order, with everything else dropped. */
function codesOf(text: string): string {
  return text.match(SGR_GLOBAL)?.join('') ?? '';
}

/** Cuts a rule to `width` columns, keeping every escape code (a colour is still reset). */
function cutRule(line: string, width: number): string {
  let col = 0;
  let result = '';
  for (let i = 0; i < line.length; ) {
    SEQUENCE.lastIndex = i;
    const sequence = SEQUENCE.exec(line);
    if (sequence) {
      result += sequence[0];
      i += sequence[0].length;
      continue;
    }
    const ch = line[i] as string;
    const next = ch === '\t' ? gapWidth(ch, col) : 1;
    if (col + next <= width) {
      result += ch;
      col += next;
    }
    i += 1;
  }
  return result;
}

/** Breaks a word wider than a line into pieces of at most `room` columns, then `rest` each. */
function hardBreak(word: string, room: number, rest: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let col = 0;
  let limit = room;
  for (let i = 0; i < word.length; ) {
    SEQUENCE.lastIndex = i;
    const sequence = SEQUENCE.exec(word);
    if (sequence) {
      i += sequence[0].length;
      continue;
    }
    // Up to the next escape sequence (a lone ESC is a character like any other).
    const found = word.indexOf('\x1b[', i + 1);
    const end = found === -1 ? word.length : found;
    let at = i;
    for (const cluster of clusters(word.slice(i, end))) {
      const width = clusterWidth(cluster);
      if (col + width > limit && col > 0) {
        pieces.push(word.slice(start, at));
        start = at;
        col = 0;
        limit = rest;
      }
      col += width;
      at += cluster.length;
    }
    i = end;
  }
  pieces.push(word.slice(start));
  return pieces;
}

/** Wraps one line (no line breaks in it) to `width` columns. */
function wrapLine(line: string, width: number): string {
  if (!line.includes('\t') && textWidth(line) <= width) return line;
  if (RULE.test(line.replace(SGR_GLOBAL, ''))) return cutRule(line, width);
  const { indent, pairs, tail } = split(line);
  const indentWidth = gapWidth(indent, 0);
  // Continuation lines keep the indentation, unless it would leave too little room to read.
  const hang = indentWidth <= width / 2 ? indent : '';
  const hangWidth = indentWidth <= width / 2 ? indentWidth : 0;
  const lines: string[] = [];
  let current = indent.length > 0 && indentWidth < width ? indent : '';
  let col = gapWidth(current, 0);
  let empty = true;
  const newLine = () => {
    lines.push(current);
    current = hang;
    col = hangWidth;
    empty = true;
  };
  for (const [gap, word] of pairs) {
    const gapCols = empty ? 0 : gapWidth(gap, col);
    if (col + gapCols + word.width <= width) {
      current += empty ? word.text : gap + word.text;
      col += gapCols + word.width;
      empty = false;
      continue;
    }
    if (word.width <= width - hangWidth) {
      // The gap at a break is dropped; any code in it went with the word.
      newLine();
      current += word.text;
      col += word.width;
      empty = false;
      continue;
    }
    // A word no line can hold fills the rest of this one first, as Python's textwrap (and so
    // Evennia) breaks long words; room for less than a wide character is no room.
    if (!empty && col + gapCols + 2 <= width) {
      current += gap;
      col += gapCols;
    } else if (!empty) newLine();
    const pieces = hardBreak(word.text, width - col, width - hangWidth);
    for (const [i, piece] of pieces.entries()) {
      if (i > 0) newLine();
      current += piece;
      col += textWidth(piece);
      empty = false;
    }
  }
  // Blanks at the end are kept while they fit; their escape codes always are.
  current += col + gapWidth(tail.replace(SGR_GLOBAL, ''), col) <= width ? tail : codesOf(tail);
  lines.push(current);
  return lines.join('\n');
}

/**
 * Wraps `text` (rendered: SGR codes, no markup) to `width` columns. Lines that already fit are
 * returned untouched, so most text costs one measurement a line.
 */
export function wrapText(text: string, width: number): string {
  if (!text.includes('\n') && !text.includes('\r') && !text.includes('\t') && textWidth(text) <= width) return text;
  const parts = text.split(LINE_BREAK);
  // split() with a capture group alternates lines and their breaks: wrap the lines only.
  return parts.map((part, i) => (i % 2 === 0 ? wrapLine(part, width) : part)).join('');
}
