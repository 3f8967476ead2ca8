/**
 * What every protocol does for a reader that reads slower than the game writes to it
 * (SECURITY.md#dead-slow-and-idle-connections): five players saying long lines could otherwise
 * fill a slow reader's buffer past MUD_MAX_OUTPUT_BUFFER and so end its session — a way to
 * disconnect anyone.
 *
 * Batches the game server marks as chatter (others' room talk) are dropped, and counted, while
 * more than half the cap waits unsent; once the backlog is down to a quarter the reader is told
 * how many lines it lost, once. The gap between the two marks keeps a reader hovering at the
 * threshold from getting a notice per line. While dropping, the backlog is checked every 250 ms,
 * so the notice does not wait for the next line when the flood stops. Output the reader cannot do
 * without (its own answers, state, notices) is never dropped; past the whole cap it closes the
 * connection (`overflowing`).
 */
import { ErrorCode, type OutboundFrame, out } from '@mud/protocol';
import type { Logger } from '../../logger.js';

/** Past this share of the cap waiting unsent, chatter is dropped. */
const DROP_SHARE = 1 / 2;
/** Once dropping, chatter flows again (and the reader is told) at or below this share. */
const RESUME_SHARE = 1 / 4;
const DRAIN_CHECK_MS = 250;

/** The close reason for a connection whose output buffer overflowed. */
export const OUTPUT_BUFFER_FULL = 'output buffer full: client too slow';

/** The notice for a reader that lost `count` lines of chatter. */
export function chatterDroppedNotice(count: number): OutboundFrame {
  const lines = count === 1 ? '1 line of chatter was' : `${count} lines of chatter were`;
  return out.error(ErrorCode.OutputDropped, `${lines} dropped while your connection was slow.`);
}

export interface SlowReaderOptions {
  /** MUD_MAX_OUTPUT_BUFFER in bytes; 0: no cap, nothing is ever dropped. */
  max: number;
  /** Bytes of output waiting unsent now; undefined while there is no live connection. */
  backlog(): number | undefined;
  /** Delivers the notice of dropped chatter (not itself chatter). */
  notify(notice: OutboundFrame): void;
  logger?: Logger | undefined;
  /** What the log lines name the session by. */
  who: Readonly<Record<string, unknown>>;
}

export class SlowReader {
  /** Lines of chatter dropped since the reader was last told. */
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SlowReaderOptions) {}

  /** Whether chatter of `lines` lines is dropped now rather than written; it is counted if so. */
  dropsChatter(lines = 1): boolean {
    const { max, logger, who } = this.options;
    if (max <= 0 || !this.lagging()) return false;
    if (this.dropped === 0) {
      logger?.info(
        { ...who, buffered: this.options.backlog() },
        'dropping chatter for a slow reader (over half of MUD_MAX_OUTPUT_BUFFER)',
      );
      this.watch();
    }
    this.dropped += lines;
    return true;
  }

  /** Whether the backlog is past the whole cap: the connection is to close. */
  get overflowing(): boolean {
    return this.options.max > 0 && (this.options.backlog() ?? 0) > this.options.max;
  }

  /** Tells the reader what it lost, once its backlog has drained. Call before writing. */
  reportDropped(): void {
    if (this.dropped === 0 || this.options.backlog() === undefined || this.lagging()) return;
    const count = this.dropped;
    this.dropped = 0;
    this.stop();
    this.options.logger?.info({ ...this.options.who, dropped: count }, 'slow reader drained; chatter flows again');
    this.options.notify(chatterDroppedNotice(count));
  }

  /** Checks for the drain again (a resumed session on a new connection still owes its notice). */
  resume(): void {
    if (this.dropped > 0) this.watch();
  }

  /** Stops checking (the connection is gone or the notice sent). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private lagging(): boolean {
    const share = this.dropped > 0 ? RESUME_SHARE : DROP_SHARE;
    return (this.options.backlog() ?? 0) > this.options.max * share;
  }

  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.options.backlog() === undefined) this.stop();
      else this.reportDropped();
    }, DRAIN_CHECK_MS);
    this.timer.unref();
  }
}
