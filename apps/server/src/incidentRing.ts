/**
 * A process's recent incidents, for the admin view (issue 16): a bounded ring fed from the
 * process's logger (`createLogger({ onIncident })`), so every `logIncident` anywhere in the
 * process lands here without being passed a ring. Like incidents.ts it imports nothing of the
 * app: the portal and the game server each keep one.
 */
import type { IncidentRecord } from '@mud/protocol';

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : null;

/** The admin view's record of an incident log line; undefined for a line that names none. */
export function incidentRecord(
  source: string,
  fields: Record<string, unknown>,
  message: string,
  at = Date.now(),
): IncidentRecord | undefined {
  const name = fields.incident;
  if (typeof name !== 'string') return undefined;
  const sessid = fields.sessid;
  return {
    at,
    name: name.slice(0, 64),
    source: source.slice(0, 64),
    message: message.slice(0, 300),
    sessid: typeof sessid === 'number' && Number.isInteger(sessid) ? sessid : null,
    address: text(fields.address, 64),
    account: text(fields.account, 64),
  };
}

export class IncidentRing {
  private readonly items: IncidentRecord[] = [];
  /** How many were ever pushed: a reader's cursor counts in these. */
  private pushed = 0;

  constructor(
    /** Who logs into this ring: a portal's id, or `server`. */
    readonly source: string,
    readonly capacity = 200,
  ) {}

  /** For `createLogger({ onIncident })`. */
  readonly sink = (fields: Record<string, unknown>, message: string): void => {
    const record = incidentRecord(this.source, fields, message);
    if (record) this.push(record);
  };

  push(record: IncidentRecord): void {
    this.items.push(record);
    this.pushed += 1;
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** Everything kept, oldest first. */
  recent(): IncidentRecord[] {
    return [...this.items];
  }

  /** What was pushed after `cursor` (still kept), and the cursor to read on from. */
  since(cursor: number): { records: IncidentRecord[]; cursor: number } {
    const missed = this.pushed - cursor;
    const records = missed <= 0 ? [] : this.items.slice(-Math.min(missed, this.items.length));
    return { records, cursor: this.pushed };
  }
}
