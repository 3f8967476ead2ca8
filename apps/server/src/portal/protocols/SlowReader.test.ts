import { ErrorCode, type OutboundFrame } from '@mud/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlowReader } from './SlowReader.js';

function reader(max = 1000) {
  const state = { backlog: 0 as number | undefined, notices: [] as OutboundFrame[] };
  const slow = new SlowReader({
    max,
    backlog: () => state.backlog,
    notify: (notice) => state.notices.push(notice),
    who: { sessid: 1 },
  });
  return { slow, state };
}

describe('SlowReader', () => {
  afterEach(() => vi.useRealTimers());

  it('drops chatter past half the cap, and flows again only at a quarter, telling the count once', () => {
    const { slow, state } = reader();
    state.backlog = 500;
    expect(slow.dropsChatter()).toBe(false);
    state.backlog = 501;
    expect(slow.dropsChatter(2)).toBe(true);
    state.backlog = 300;
    // Between the marks: still dropping, nothing told yet.
    expect(slow.dropsChatter()).toBe(true);
    slow.reportDropped();
    expect(state.notices).toEqual([]);
    state.backlog = 250;
    slow.reportDropped();
    expect(state.notices).toEqual([
      ['error', ['3 lines of chatter were dropped while your connection was slow.'], { code: ErrorCode.OutputDropped }],
    ]);
    slow.reportDropped();
    expect(state.notices).toHaveLength(1);
    expect(slow.dropsChatter()).toBe(false);
  });

  it('tells the reader when the flood stops, without waiting for its next line', () => {
    vi.useFakeTimers();
    const { slow, state } = reader();
    state.backlog = 900;
    expect(slow.dropsChatter()).toBe(true);
    state.backlog = 0;
    vi.advanceTimersByTime(300);
    expect(state.notices).toHaveLength(1);
    slow.stop();
  });

  it('never drops without a cap, and overflows only past the whole cap', () => {
    const none = reader(0);
    none.state.backlog = 10 ** 9;
    expect(none.slow.dropsChatter()).toBe(false);
    expect(none.slow.overflowing).toBe(false);
    const { slow, state } = reader();
    state.backlog = 1000;
    expect(slow.overflowing).toBe(false);
    state.backlog = 1001;
    expect(slow.overflowing).toBe(true);
  });

  it('owes the notice while the connection is gone, and pays it on the next one', () => {
    const { slow, state } = reader();
    state.backlog = 800;
    slow.dropsChatter();
    state.backlog = undefined;
    slow.reportDropped();
    expect(state.notices).toEqual([]);
    state.backlog = 0;
    slow.reportDropped();
    expect(state.notices).toHaveLength(1);
  });
});
