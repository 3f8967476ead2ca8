/**
 * A process's recent incidents, for the admin view (issue 16): a bounded ring fed from the
 * process's logger (`createLogger({ onIncident })`), so every `logIncident` anywhere in the
 * process lands here without being passed a ring. Like incidents.ts it imports nothing of the
 * app: the portal and the game server each keep one.
 *
 * The same refusal from the same address within `foldMs` is folded into one record with a
 * count, so a client that floods refusals cannot push everything else out of the ring.
 */
import type { IncidentRecord } from '@mud/protocol';

/** Refusals of what clients did: folded per address. Crashes and admin actions never are. */
const FOLDED: ReadonlySet<string> = new Set([
  'login-throttled',
  'connection-throttled',
  'input-rate-limited',
  'frame-refused',
  'admin-refused',
]);

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : null;

/** The admin view's fields of an incident log line; undefined for a line that names none. */
export function incidentFields(
  fields: Record<string, unknown>,
  message: string,
): Omit<IncidentRecord, 'id' | 'at' | 'count' | 'source'> | undefined {
  const name = fields.incident;
  if (typeof name !== 'string') return undefined;
  const sessid = fields.sessid;
  // What exactly happened, where the logger's message is the catalogue's meaning.
  const detail = typeof fields.detail === 'string' ? fields.detail : message;
  return {
    name: name.slice(0, 64),
    message: detail.slice(0, 300),
    sessid: typeof sessid === 'number' && Number.isInteger(sessid) ? sessid : null,
    address: text(fields.address, 64),
    account: text(fields.account, 64),
  };
}

interface Entry {
  record: IncidentRecord;
  /** Bumped on every change: readers ask for what changed after their cursor. */
  seq: number;
}

export class IncidentRing {
  /** Oldest change first. */
  private readonly entries: Entry[] = [];
  private seq = 0;
  private made = 0;

  constructor(
    /** Who logs into this ring: a portal's id, or `server`. */
    readonly source: string,
    readonly capacity = 200,
    private readonly foldMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** For `createLogger({ onIncident })`. */
  readonly sink = (fields: Record<string, unknown>, message: string): void => {
    const found = incidentFields(fields, message);
    if (found) this.add(found);
  };

  add(fields: Omit<IncidentRecord, 'id' | 'at' | 'count' | 'source'>): void {
    const at = this.now();
    const index = !FOLDED.has(fields.name)
      ? -1
      : this.entries.findLastIndex(
          ({ record }) =>
            record.name === fields.name && record.address === fields.address && at - record.at < this.foldMs,
        );
    if (index >= 0) {
      const [entry] = this.entries.splice(index, 1);
      if (entry) {
        const record = { ...entry.record, ...fields, at, count: entry.record.count + 1 };
        this.entries.push({ record, seq: ++this.seq });
        return;
      }
    }
    this.made += 1;
    const record: IncidentRecord = { id: `${this.source}:${this.made}`, at, count: 1, source: this.source, ...fields };
    this.entries.push({ record, seq: ++this.seq });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Everything kept, oldest change first. */
  recent(): IncidentRecord[] {
    return this.entries.map((e) => e.record);
  }

  /** What was added or changed after `cursor` (and is still kept), and the cursor to read on from. */
  since(cursor: number): { records: IncidentRecord[]; cursor: number } {
    return { records: this.entries.filter((e) => e.seq > cursor).map((e) => e.record), cursor: this.seq };
  }
}
