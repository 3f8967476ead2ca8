/**
 * Output batching: every session's frames of one turn of the event loop go to the portal as one
 * `output` link message. Sessions whose only frame is the same object (a room message:
 * `TextFrames` reuses the frame for the same text) share one batch, so the portal encodes it once.
 */
import type { OutboundFrame, OutputBatch } from '@mud/protocol';

export class OutputBatcher {
  private readonly pending = new Map<number, OutboundFrame[]>();
  private scheduled = false;

  /** `send` delivers a turn's batches (the `output` link message). */
  constructor(private readonly send: (batches: OutputBatch[]) => void) {}

  push(sessid: number, frame: OutboundFrame): void {
    const list = this.pending.get(sessid);
    if (list) list.push(frame);
    else this.pending.set(sessid, [frame]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is pending now: before a link message that must come after this output. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.size === 0) return;
    const batches: OutputBatch[] = [];
    const shared = new Map<OutboundFrame, number[]>();
    for (const [sessid, frames] of this.pending) {
      const only = frames.length === 1 ? frames[0] : undefined;
      const group = only && shared.get(only);
      if (group) {
        group.push(sessid);
        continue;
      }
      const sessids = [sessid];
      if (only) shared.set(only, sessids);
      batches.push({ sessids, frames });
    }
    this.pending.clear();
    this.send(batches);
  }

  /** Drops a removed session's pending output. */
  forget(sessid: number): void {
    this.pending.delete(sessid);
  }
}
