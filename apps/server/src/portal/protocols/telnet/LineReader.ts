/**
 * Telnet's data bytes split into lines (docs/telnet.md#lines): a line ends at CR LF, LF, CR NUL
 * or a lone CR, whichever the client sends, even split across chunks. Each line is decoded as
 * UTF-8 (bytes that are not become U+FFFD) and loses every control character but TAB, so no
 * escape sequence typed by a player reaches anyone's terminal. Of a line longer than `maxBytes`
 * only the first `maxBytes` are kept, the rest is skipped up to its end: with `maxBytes` at three
 * bytes per allowed character, what is kept is still over the limit and refused as such.
 */
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/** C0 controls but TAB, DEL and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

const decoder = new TextDecoder('utf-8', { fatal: false });

export function cleanLine(bytes: Buffer): string {
  return decoder.decode(bytes).replace(CONTROLS, '');
}

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private long = false;
  /** The last byte seen was a CR: a LF or NUL right after it belongs to the same line end. */
  private afterCr = false;

  constructor(
    private readonly maxBytes: number,
    private readonly line: (text: string) => void,
  ) {}

  feed(data: Buffer): void {
    let from = 0;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (this.afterCr) {
        this.afterCr = false;
        if (byte === LF || byte === NUL) {
          from = i + 1;
          continue;
        }
      }
      if (byte === CR || byte === LF) {
        this.keep(data.subarray(from, i));
        this.end();
        this.afterCr = byte === CR;
        from = i + 1;
      }
    }
    this.keep(data.subarray(from));
  }

  /** Bytes held for the line being typed. */
  get pending(): number {
    return this.size;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0 || this.long) return;
    const room = this.maxBytes - this.size;
    if (bytes.length > room) {
      this.long = true;
      bytes = bytes.subarray(0, room);
    }
    this.parts.push(Buffer.from(bytes));
    this.size += bytes.length;
  }

  private end(): void {
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.long = false;
    this.line(cleanLine(bytes));
  }
}
