/**
 * The line editing an SSH shell gets from the portal (docs/telnet.md#ssh-line-editing): over a pty
 * the client sends every keystroke raw and shows only what the server echoes back, so the portal
 * does what a terminal's cooked mode would. Typed characters are echoed, Backspace and DEL erase
 * one, Ctrl-U the whole line, CR or LF ends the line (CR LF counts once), and every control
 * character and escape sequence (arrow keys, a pasted OSC, a C1 control) is dropped from the
 * line, so none reaches the game or another player's terminal. Without a pty the same rules read
 * lines, without echo.
 *
 * Pure: bytes in, echo and events out; the session writes the echo and acts on the events.
 */
import { StringDecoder } from 'node:string_decoder';

export type EditorEvent =
  /** A finished line, stripped of control characters. */
  | { kind: 'line'; line: string }
  /** A finished line that was longer than the limit; its text was not kept. */
  | { kind: 'too-long' }
  /** Ctrl-C or Ctrl-D on an empty line: the player wants to leave. */
  | { kind: 'quit'; key: 'Ctrl-C' | 'Ctrl-D' };

export interface EditorOutput {
  /** What to write back to the terminal (empty without echo). */
  echo: string;
  events: EditorEvent[];
}

export interface LineEditorOptions {
  /** Echo typed characters (a pty); false reads lines silently. */
  echo: boolean;
  /** Longest line kept, in UTF-16 code units (Limits.lineLength). */
  maxLength: number;
}

const BEL = '\x07';
const ERASE_ONE = '\b \b';

type State = 'text' | 'esc' | 'csi' | 'string' | 'string-esc' | 'ss3';

export class LineEditor {
  private chars: string[] = [];
  private length = 0;
  private overflow = false;
  private hidden = false;
  private state: State = 'text';
  /** The last character ended a line with CR: a following LF is the same line end. */
  private afterCr = false;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly options: LineEditorOptions) {}

  /** The text typed so far on the current line. */
  get line(): string {
    return this.chars.join('');
  }

  /** Whether what is typed now is shown: a pty, and not a secret line. */
  get echoing(): boolean {
    return this.options.echo && !this.hidden;
  }

  /** The next line (or the rest of the current one) is a secret: it is not echoed. */
  hideNextLine(): void {
    this.hidden = true;
  }

  feed(data: Buffer | string): EditorOutput {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    const out: EditorOutput = { echo: '', events: [] };
    for (const char of text) this.take(char, out);
    if (!this.options.echo) out.echo = '';
    return out;
  }

  private take(char: string, out: EditorOutput): void {
    const code = char.codePointAt(0) ?? 0;
    // A line end ends any sequence too, so a lone ESC cannot swallow more than its line.
    if (this.state !== 'text' && code !== 0x0d && code !== 0x0a) {
      this.skipSequence(char);
      return;
    }
    this.state = 'text';
    const afterCr = this.afterCr;
    this.afterCr = false;
    if (code === 0x0d || code === 0x0a) {
      if (code === 0x0a && afterCr) return;
      this.afterCr = code === 0x0d;
      this.endLine(out);
      return;
    }
    if (code === 0x1b) this.state = 'esc';
    else if (code === 0x9b) this.state = 'csi';
    else if (code === 0x90 || code === 0x9d || code === 0x98 || code === 0x9e || code === 0x9f) this.state = 'string';
    else if (code === 0x08 || code === 0x7f) this.erase(out);
    else if (code === 0x15) this.eraseLine(out);
    else if (code === 0x03 || code === 0x04) this.control(code, out);
    else if (code === 0x09) this.insert(' ', out);
    // Every other C0 and C1 control (and the bidi and line-separator formats) is dropped.
    else if (!(code < 0x20 || (code >= 0x80 && code < 0xa0) || isFormatControl(code))) this.insert(char, out);
  }

  private insert(char: string, out: EditorOutput): void {
    if (this.length + char.length > this.options.maxLength) {
      if (!this.overflow) out.echo += BEL;
      this.overflow = true;
      return;
    }
    this.chars.push(char);
    this.length += char.length;
    if (this.echoing) out.echo += char;
  }

  private erase(out: EditorOutput): void {
    const char = this.chars.pop();
    if (char === undefined) return;
    this.length -= char.length;
    if (this.echoing) out.echo += ERASE_ONE;
  }

  private eraseLine(out: EditorOutput): void {
    if (this.echoing) out.echo += ERASE_ONE.repeat(this.chars.length);
    this.chars = [];
    this.length = 0;
    this.overflow = false;
  }

  /** Ctrl-C drops a typed line; on an empty line it, like Ctrl-D, asks to leave. */
  private control(code: number, out: EditorOutput): void {
    if (this.chars.length > 0 || this.overflow) {
      if (code === 0x03) {
        out.echo += '^C\r\n';
        this.reset();
      } else out.echo += BEL;
      return;
    }
    out.events.push({ kind: 'quit', key: code === 0x03 ? 'Ctrl-C' : 'Ctrl-D' });
  }

  private endLine(out: EditorOutput): void {
    out.echo += '\r\n';
    out.events.push(this.overflow ? { kind: 'too-long' } : { kind: 'line', line: this.line });
    this.reset();
  }

  private reset(): void {
    this.chars = [];
    this.length = 0;
    this.overflow = false;
    this.hidden = false;
  }

  /**
   * Inside an escape sequence (ECMA-48): ESC [ … final (CSI), ESC O x (SS3), ESC ] / P / X / ^ / _
   * … BEL or ESC \ (strings), ESC intermediates final (everything else); or the line's end.
   */
  private skipSequence(char: string): void {
    const code = char.codePointAt(0) ?? 0;
    switch (this.state) {
      case 'esc':
        if (char === '[') this.state = 'csi';
        else if (char === 'O') this.state = 'ss3';
        else if (']PX^_'.includes(char)) this.state = 'string';
        // ESC ESC: Alt with a key that sends its own sequence (Alt+arrow); the second one starts over.
        else if (code === 0x1b) return;
        else if (code < 0x20 || code > 0x2f) this.state = 'text';
        return;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) this.state = 'text';
        return;
      case 'ss3':
        this.state = 'text';
        return;
      case 'string':
        if (code === 0x07 || code === 0x9c) this.state = 'text';
        else if (code === 0x1b) this.state = 'string-esc';
        return;
      case 'string-esc':
        this.state = char === '\\' ? 'text' : 'string';
        return;
      case 'text':
        return;
    }
  }
}

/** Unicode format controls that reorder or break text: bidi embeddings, isolates and marks. */
function isFormatControl(code: number): boolean {
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2028 ||
    code === 0x2029
  );
}
