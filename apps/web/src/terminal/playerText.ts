import type { IMarker, Terminal } from '@xterm/xterm';

/**
 * Text a player typed (docs/web-terminal.md#links): the text frames the server marks with a
 * `type` of `say`, `pose`, `page` or `whisper` (docs/protocol.md#frames-out). The client wraps
 * such a frame in a private OSC sequence of its own before writing it; xterm hands that sequence
 * to the handler below, which records the rows it covers, and the link handling asks whether a
 * link lies in them. Players cannot forge it: the server lets no escape sequence but SGR colour
 * through in what they type (docs/protocol.md#player-text). The marks are part of the ANSI text
 * kept for a refresh, so restored text keeps them.
 */
export const PLAYER_TEXT_TYPES: ReadonlySet<string> = new Set(['say', 'pose', 'page', 'whisper']);

/** An OSC number no terminal standard uses (xterm ignores OSC numbers it has no handler for). */
export const PLAYER_TEXT_OSC = 7701;
const OPEN = `\x1b]${PLAYER_TEXT_OSC};player\x07`;
const CLOSE = `\x1b]${PLAYER_TEXT_OSC};end\x07`;

/** `line` (ending in CRLF) marked as a player's; the mark ends before the last line break. */
export function markPlayerText(line: string): string {
  const body = line.endsWith('\r\n') ? line.slice(0, -2) : line;
  return `${OPEN}${body}${CLOSE}\r\n`;
}

/** At most this many marked blocks are remembered (the terminal keeps 5,000 rows). */
const MAX_BLOCKS = 5000;

/** The rows of a terminal's buffer that hold player text. */
export interface PlayerTextRows {
  /** True if buffer row `y` (0-based) is inside text a player typed. */
  has(y: number): boolean;
  dispose(): void;
}

export function trackPlayerText(term: Pick<Terminal, 'parser' | 'registerMarker'>): PlayerTextRows {
  const blocks: { start: IMarker; end: IMarker }[] = [];
  let open: IMarker | undefined;
  const handler = term.parser.registerOscHandler(PLAYER_TEXT_OSC, (data) => {
    // Called while xterm parses the write: the cursor is where the mark is.
    if (data === 'player') {
      open?.dispose();
      open = term.registerMarker(0);
    } else if (data === 'end' && open !== undefined) {
      blocks.push({ start: open, end: term.registerMarker(0) });
      open = undefined;
      // Rows that scrolled out of the buffer dispose their markers: forget those blocks.
      while (blocks.length > 0 && (blocks.length > MAX_BLOCKS || blocks[0]?.start.isDisposed)) {
        const gone = blocks.shift();
        gone?.start.dispose();
        gone?.end.dispose();
      }
    }
    return true;
  });
  return {
    has: (y) => blocks.some(({ start, end }) => !start.isDisposed && start.line <= y && y <= end.line),
    dispose: () => {
      handler.dispose();
      open?.dispose();
      for (const { start, end } of blocks.splice(0)) {
        start.dispose();
        end.dispose();
      }
    },
  };
}
