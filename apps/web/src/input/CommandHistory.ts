/**
 * Lines that carry a password (Evennia's `connect`, `create`, `password`) are never remembered:
 * a password belongs in the frame that sends it and nowhere else.
 */
const SENSITIVE = /^\s*(connect|create|password)(\s|$)/i;

/**
 * Up/down recall of sent lines, shell style: Up from a half-typed line keeps it as a draft, and
 * Down past the newest entry brings the draft back.
 */
export class CommandHistory {
  private readonly entries: string[] = [];
  /** `entries.length` means "at the draft", below the newest entry. */
  private index = 0;
  private draft = '';

  constructor(private readonly limit = 100) {}

  get size(): number {
    return this.entries.length;
  }

  push(line: string): void {
    if (line.trim() !== '' && !SENSITIVE.test(line) && this.entries.at(-1) !== line) {
      this.entries.push(line);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    this.index = this.entries.length;
    this.draft = '';
  }

  /** The older entry, or undefined at the oldest. `current` is kept when leaving the draft. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index -= 1;
    return this.entries[this.index];
  }

  /** The newer entry, the draft after the newest, or undefined when already at the draft. */
  next(): string | undefined {
    if (this.index >= this.entries.length) return undefined;
    this.index += 1;
    return this.index === this.entries.length ? this.draft : this.entries[this.index];
  }
}
