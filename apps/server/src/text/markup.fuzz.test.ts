/**
 * Property-based tests (fast-check) of the terminal-escape defences (issue 6, docs/protocol.md#player-text): whatever
 * a player types, `sanitizePlayerText` leaves nothing that drives a terminal (C0 but tab, DEL,
 * C1, ESC, bidi controls), is idempotent, and the game's own markup is the only thing that ever
 * becomes an escape sequence — and then only an SGR colour code from the markup table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkup, renderMarkup, sanitizePlayerText, stripMarkup } from './markup.js';

const RUNS = { numRuns: 500 };

/** What must never survive sanitising: C0 but tab, DEL, C1, and the bidi/direction marks. */
const FORBIDDEN = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The SGR sequences renderMarkup can make (see FOREGROUND and OTHER in markup.ts). */
const SERVER_SGR = /\x1b\[(?:0|1|4|7|22|[34][0-7]|1;3[0-7]|22;3[0-7]|[34]8;5;\d{1,3})m/g;

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Pieces of real attacks, glued together and to random text by the generator below. */
const attackPiece = fc.constantFrom(
  '\x1b',
  '\x1b[',
  '\x1b[2J',
  '\x1b[H',
  '\x1b[31m',
  '\x1b[38;2;255;0;0m',
  '\x1b[?1049h',
  '\x1b]0;title\x07',
  '\x1b]8;;http://evil.example\x1b\\',
  '\x1b]52;c;cHduZWQ=\x07',
  '\x1bP1$r\x1b\\',
  '\x1b_apc\x1b\\',
  '\x1b^pm\x1b\\',
  '\x1bX sos\x1b\\',
  '\x1bc',
  '\x1b7',
  '\x9b',
  '\x9b2J',
  '\x9d0;t\x9c',
  '\x90',
  '\x07',
  '\x00',
  '\x7f',
  '\r',
  '\n',
  '\t',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200e',
  '\u061c',
  '|',
  '||',
  '|r',
  '|n',
  '|/',
  '|[',
  '|G',
  '|!R',
  '|[r',
  '|[B',
  '|500',
  '|[051',
  '|=m',
  '|[=z',
  '|*',
  '|H',
  '\\',
  '[',
  ']',
);
const hostile = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(fc.oneof(attackPiece, fc.string({ unit: anyUnit, maxLength: 4 })), { maxLength: 20 }).map((a) => a.join('')),
);

/** What is left of rendered output once the server's own SGR codes and line breaks are removed. */
function withoutServerCodes(rendered: string): string {
  return rendered.replace(SERVER_SGR, '').replaceAll('\r\n', '');
}

describe('sanitizePlayerText (property-based)', () => {
  it('leaves no C0 (but tab), DEL, C1, ESC or bidi control', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitizePlayerText(text)).not.toMatch(FORBIDDEN);
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const once = sanitizePlayerText(text);
        expect(sanitizePlayerText(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('keeps harmless text exactly as typed', () => {
    const harmless = fc
      .string({ unit: 'binary', maxLength: 60 })
      .map((s) => s.replace(new RegExp(FORBIDDEN.source, 'g'), ''));
    fc.assert(
      fc.property(harmless, (text) => {
        expect(sanitizePlayerText(text)).toBe(text);
      }),
      RUNS,
    );
  });

  it('cannot be defeated by splitting a sequence across two sanitised pieces', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        expect(sanitizePlayerText(a) + sanitizePlayerText(b)).not.toMatch(FORBIDDEN);
      }),
      RUNS,
    );
  });
});

describe('markup over sanitised player text (property-based)', () => {
  it('escaped player text renders back to itself: renderMarkup(escapeMarkup(x)) = x', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const clean = sanitizePlayerText(text);
        expect(renderMarkup(escapeMarkup(clean))).toBe(clean);
        expect(stripMarkup(escapeMarkup(clean))).toBe(clean);
      }),
      RUNS,
    );
  });

  it('player markup in say/pose templates yields only server SGR codes, never another escape', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.constantFrom('Alice says, "%s|n"', 'You say, "%s|n"', 'Alice %s|n', '%s'),
        (text, template) => {
          // As CmdSay / CmdPose build what others see: sanitised text, markup kept, then rendered.
          const rendered = renderMarkup(template.replace('%s', sanitizePlayerText(text)));
          const rest = withoutServerCodes(rendered);
          expect(rest).not.toContain('\x1b');
          expect(rest).not.toMatch(FORBIDDEN);
        },
      ),
      RUNS,
    );
  });

  it('renders every markup code of the table to an SGR code and nothing else', () => {
    for (const code of 'xrgybmcwXRGYBMCWnhui') {
      const rendered = renderMarkup(`|${code}text`);
      expect(withoutServerCodes(rendered)).toBe('text');
    }
  });
});
