import type { OutboundFrame } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol.js';
import { ResumeHandshake } from './ResumeHandshake.js';

const screen: OutboundFrame = ['text', ['Welcome'], {}];
const provisional: OutboundFrame = [
  'session',
  [],
  { sessid: 8, loggedIn: false, account: null, puppet: null, mode: 2 },
];
const token: OutboundFrame = ['resume_token', [], { token: 'p'.repeat(32), graceSeconds: 60 }];

describe('ResumeHandshake', () => {
  it('holds the provisional greeting and drops it when resumed', () => {
    const handshake = new ResumeHandshake();
    expect(handshake.offer(screen)).toEqual({ kind: 'held' });
    expect(handshake.offer(provisional)).toEqual({ kind: 'held' });
    expect(handshake.offer(['resumed', [], { sessid: 3 }])).toEqual({ kind: 'resumed', sessid: 3 });
    expect(handshake.refuse().held).toEqual([]);
  });

  it('releases the held frames, in order, when the token is refused', () => {
    const handshake = new ResumeHandshake();
    handshake.offer(screen);
    handshake.offer(provisional);
    handshake.offer(token);
    expect(handshake.offer(['error', ['expired'], { code: ErrorCode.ResumeFailed }])).toEqual({
      kind: 'refused',
      held: [screen, provisional, token],
      message: 'expired',
    });
  });

  it('counts any error about the resume input as a refusal, and holds other errors', () => {
    const handshake = new ResumeHandshake();
    expect(handshake.offer(['error', ['slow down'], { code: ErrorCode.RateLimited }])).toEqual({ kind: 'held' });
    const step = handshake.offer(['error', ['bad'], { code: ErrorCode.InvalidArguments, input: 'resume' }]);
    expect(step.kind).toBe('refused');
    expect(step.kind === 'refused' && step.held).toHaveLength(1);
  });

  it('keeps only the newest frames past its bound', () => {
    const handshake = new ResumeHandshake(2);
    for (const n of [1, 2, 3]) handshake.offer(['text', [String(n)], {}]);
    expect(handshake.refuse().held).toEqual([
      ['text', ['2'], {}],
      ['text', ['3'], {}],
    ]);
  });
});
