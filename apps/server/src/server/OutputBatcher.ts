/**
 * Output batching: every session's frames of one turn of the event loop go to the portal as one
 * `output` link message. Sessions whose only frame is the same object (a room message:
 * `TextFrames` reuses the frame for the same text) share one batch, so the portal encodes it once.
 *
 * Chatter (other players' room messages, issue 14) travels in batches marked `chatter: true`,
 * which the portal may drop for a lagging reader. A session's frames keep their order: its
 * pending output is cut into runs of chatter and non-chatter, one batch per run, and the portal
 * handles batches in order. The same frame can be both (a pose is the poser's own answer and
 * the others' chatter), so sessions share a batch only when frame and mark agree.
 */
import type { OutboundFrame, OutputBatch } from '@mud/protocol';

interface Pending {
  frame: OutboundFrame;
  chatter: boolean;
}

export class OutputBatcher {
  private readonly pending = new Map<number, Pending[]>();
  private scheduled = false;

  /** `send` delivers a turn's batches (the `output` link message). */
  constructor(private readonly send: (batches: OutputBatch[]) => void) {}

  push(sessid: number, frame: OutboundFrame, chatter = false): void {
    const list = this.pending.get(sessid);
    if (list) list.push({ frame, chatter });
    else this.pending.set(sessid, [{ frame, chatter }]);
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
    // A shared frame's batch, by mark: the same frame object may be chatter for some sessions
    // and an answer for another.
    const shared = { chatter: new Map<OutboundFrame, number[]>(), plain: new Map<OutboundFrame, number[]>() };
    for (const [sessid, list] of this.pending) {
      const only = list.length === 1 ? list[0] : undefined;
      if (only) {
        const groups = only.chatter ? shared.chatter : shared.plain;
        const group = groups.get(only.frame);
        if (group) {
          group.push(sessid);
          continue;
        }
        const sessids = [sessid];
        groups.set(only.frame, sessids);
        batches.push(batch(sessids, [only.frame], only.chatter));
        continue;
      }
      let run: OutboundFrame[] = [];
      let chatter = false;
      for (const item of list) {
        if (run.length > 0 && item.chatter !== chatter) {
          batches.push(batch([sessid], run, chatter));
          run = [];
        }
        chatter = item.chatter;
        run.push(item.frame);
      }
      batches.push(batch([sessid], run, chatter));
    }
    this.pending.clear();
    this.send(batches);
  }

  /** Drops a removed session's pending output. */
  forget(sessid: number): void {
    this.pending.delete(sessid);
  }
}

/** A batch; `chatter` only when true, so unmarked output looks as it always did on the link. */
function batch(sessids: number[], frames: OutboundFrame[], chatter: boolean): OutputBatch {
  return chatter ? { sessids, frames, chatter: true } : { sessids, frames };
}
