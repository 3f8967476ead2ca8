/**
 * OutputBatcher: one `output` message per turn, a shared frame in one batch for all its sessions,
 * and the chatter mark (issue 14) kept per run without reordering a session's frames.
 */
import { type OutboundFrame, type OutputBatch, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { OutputBatcher } from './OutputBatcher.js';

function batcher() {
  const sent: OutputBatch[][] = [];
  const b = new OutputBatcher((batches) => sent.push(batches));
  return { b, sent };
}

describe('OutputBatcher', () => {
  it("sends a turn's output as one message; a frame that is some sessions' only output is one batch for them", async () => {
    const { b, sent } = batcher();
    const room = out.text('Nia says, "hi"');
    b.push(1, room);
    b.push(2, room);
    b.push(3, out.text('look'));
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([
      [
        { sessids: [1, 2], frames: [room] },
        { sessids: [3], frames: [out.text('look')] },
      ],
    ]);
    expect(sent[0]?.[0]?.frames[0]).toBe(room);
  });

  it('marks chatter batches, and shares a frame only between sessions that got it with the same mark', () => {
    const { b, sent } = batcher();
    // A pose: the poser's own answer and the others' chatter are the same frame object.
    const pose = out.text('Nia waves');
    b.push(1, pose, false);
    b.push(2, pose, true);
    b.push(3, pose, true);
    b.flush();
    expect(sent).toEqual([
      [
        { sessids: [1], frames: [pose] },
        { sessids: [2, 3], frames: [pose], chatter: true },
      ],
    ]);
    // Unmarked output carries no `chatter` key at all: the link message is what it always was.
    expect(sent[0]?.[0]).not.toHaveProperty('chatter');
  });

  it("cuts a session's mixed output into runs, in order", () => {
    const { b, sent } = batcher();
    const f = (n: number): OutboundFrame => out.text(`line ${n}`);
    b.push(7, f(1), true);
    b.push(7, f(2), true);
    b.push(7, f(3));
    b.push(7, f(4), true);
    b.flush();
    expect(sent).toEqual([
      [
        { sessids: [7], frames: [f(1), f(2)], chatter: true },
        { sessids: [7], frames: [f(3)] },
        { sessids: [7], frames: [f(4)], chatter: true },
      ],
    ]);
  });

  it('forgets a removed session', () => {
    const { b, sent } = batcher();
    b.push(1, out.text('gone'));
    b.forget(1);
    b.flush();
    expect(sent).toEqual([]);
  });
});
