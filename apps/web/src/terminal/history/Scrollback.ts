import type { SnapshotStorage } from '../../stores/sessionSnapshot.js';

/** What a tab keeps of its terminal: the text written for one session, as ANSI. */
export interface SavedScrollback {
  /** The session the text belongs to; null until the portal said. */
  sessid: number | null;
  /** The terminal's input, oldest first: ANSI colours, CRLF line ends. */
  ansi: string;
}

export interface ScrollbackLimits {
  /** Lines kept, newest first. */
  maxLines: number;
  /** Characters kept (of the ANSI text, escapes included). */
  maxChars: number;
}

/** docs/web-terminal.md#scrollback-across-a-refresh: 1,000 lines or 256 K characters. */
export const DEFAULT_LIMITS: ScrollbackLimits = { maxLines: 1000, maxChars: 256 * 1024 };

export interface ScrollbackOptions {
  limits?: ScrollbackLimits;
  /** Output is saved at most this often (a burst of frames writes the storage once). */
  saveDelayMs?: number;
  /** The page (`window`): its `pagehide` (a refresh, a navigation) saves at once. */
  page?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

const KEY = 'mud.scrollback';
const VERSION = 1;

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The last lines of `text` within both limits, cut only at a line's start. */
export function tail(text: string, { maxLines, maxChars }: ScrollbackLimits): string {
  let start = text.length;
  let lines = 0;
  // From the end, line by line; a final "\n" ends the last line rather than starting one.
  while (start > 0) {
    const search = start - 2;
    const lineStart = search < 0 ? 0 : text.lastIndexOf('\n', search) + 1;
    if (lines + 1 > maxLines || text.length - lineStart > maxChars) break;
    start = lineStart;
    lines++;
  }
  return text.slice(start);
}

/**
 * The recent scrollback of one tab (docs/web-terminal.md#scrollback-across-a-refresh): what was
 * written to its terminal, bounded, kept in the tab's `sessionStorage` so a refreshed page can
 * show it again. It stores the ANSI text the terminal was given, never the DOM.
 */
export class Scrollback {
  private chunks: string[] = [];
  private lines = 0;
  private chars = 0;
  private sessid: number | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Changed since the last save. */
  private dirty = false;

  private readonly limits: ScrollbackLimits;
  private readonly saveDelayMs: number;
  private readonly unlisten: () => void;

  constructor(
    private readonly storage: SnapshotStorage,
    options: ScrollbackOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.saveDelayMs = options.saveDelayMs ?? 250;
    const saved = this.load();
    if (saved !== null) {
      this.sessid = saved.sessid;
      this.push(saved.ansi);
    }
    // A refresh does not wait for the save timer: save as the page goes.
    const flush = () => this.flush();
    options.page?.addEventListener('pagehide', flush);
    this.unlisten = () => options.page?.removeEventListener('pagehide', flush);
  }

  /** What the previous page of this tab kept, if anything (read from storage). */
  private load(): SavedScrollback | null {
    try {
      const raw = this.storage.getItem(KEY);
      if (raw === null) return null;
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) return null;
      const { v, sessid, ansi } = parsed as Record<string, unknown>;
      if (v !== VERSION || typeof ansi !== 'string') return null;
      if (sessid !== null && !(typeof sessid === 'number' && Number.isInteger(sessid))) return null;
      return { sessid, ansi: tail(ansi, this.limits) };
    } catch {
      return null;
    }
  }

  /** Everything kept now, oldest first. */
  text(): string {
    return this.chunks.join('');
  }

  /** The session the kept text belongs to. */
  get session(): number | null {
    return this.sessid;
  }

  /** The text now belongs to `sessid` (the portal named the session). */
  setSession(sessid: number): void {
    if (this.sessid === sessid) return;
    this.sessid = sessid;
    this.scheduleSave();
  }

  append(ansi: string): void {
    if (ansi === '') return;
    this.push(ansi);
    this.scheduleSave();
  }

  /** Forgets everything, in memory and in storage (the session ended). */
  clear(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirty = false;
    this.chunks = [];
    this.lines = 0;
    this.chars = 0;
    this.sessid = null;
    try {
      this.storage.removeItem(KEY);
    } catch {
      // nothing stored
    }
  }

  /** Saves now if anything is waiting to be saved. */
  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      this.storage.setItem(KEY, JSON.stringify({ v: VERSION, sessid: this.sessid, ansi: this.text() }));
    } catch {
      // Storage refused (quota, privacy mode): a refresh starts with an empty terminal.
    }
  }

  dispose(): void {
    this.unlisten();
    this.flush();
  }

  private push(ansi: string): void {
    this.chunks.push(ansi);
    this.lines += countLines(ansi);
    this.chars += ansi.length;
    // Whole chunks (frames) go first, oldest first; a lone chunk over the budget is cut.
    while (this.overBudget() && this.chunks.length > 1) {
      const first = this.chunks.shift() as string;
      this.lines -= countLines(first);
      this.chars -= first.length;
    }
    if (this.overBudget()) {
      const kept = tail(this.chunks[0] as string, this.limits);
      this.chunks = [kept];
      this.lines = countLines(kept);
      this.chars = kept.length;
    }
  }

  private overBudget(): boolean {
    return this.lines > this.limits.maxLines || this.chars > this.limits.maxChars;
  }

  private scheduleSave(): void {
    this.dirty = true;
    // Not reset by later output: a steady stream still saves every `saveDelayMs`.
    this.saveTimer ??= setTimeout(() => this.flush(), this.saveDelayMs);
  }
}
