/**
 * A session's sync data carries its own cmdsets' state across a reload, and never more than the
 * link admits: one value over the bounds would make the portal refuse the whole hand-over.
 */
import { initialSyncData, Limits, SessionSyncData } from '@mud/protocol';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { CmdSet } from '../cmdsets/CmdSet.js';
import { ServerSession } from './ServerSession.js';

describe('ServerSession sync data', () => {
  it('saves a set’s state by key, leaving out what is over the bounds, and stays valid', () => {
    const session = new ServerSession(initialSyncData(1, '10.0.0.1', 'websocket', 0), () => {});
    const menu = new CmdSet({ key: 'Menu' });
    menu.state = { name: 'Tess', step: 2, long: 'x'.repeat(Limits.syncData.questionValueLength + 1) };
    session.cmdsets.add(menu);
    session.cmdsets.add(new CmdSet({ key: 'Plain' }));
    const data = session.getSyncData();
    expect(data.cmdsets).toEqual(['Menu', 'Plain']);
    expect(data.cmdsetState).toEqual({ Menu: { name: 'Tess', step: 2 } });
    expect(Value.Check(SessionSyncData, data)).toBe(true);
  });

  it('saves no state when no set has any', () => {
    const session = new ServerSession(initialSyncData(2, '10.0.0.1', 'websocket', 0), () => {});
    session.cmdsets.add(new CmdSet({ key: 'Plain' }));
    expect(session.getSyncData().cmdsetState).toBeUndefined();
  });
});

describe('ServerSession width', () => {
  it('is the client’s screenwidth, clamped, 80 until it says; its text is wrapped to it', () => {
    const sent: unknown[] = [];
    const session = new ServerSession(initialSyncData(3, '10.0.0.1', 'telnet', 0), (_id, frame) => sent.push(frame));
    expect(session.width).toBe(80);
    session.protocolFlags.screenwidth = 24;
    expect(session.width).toBe(24);
    session.protocolFlags.screenwidth = 2;
    expect(session.width).toBe(20);
    session.protocolFlags.screenwidth = 24;
    session.msg('one two three four five six seven eight nine ten');
    expect(sent).toEqual([['text', ['one two three four five\nsix seven eight nine ten'], {}]]);
  });
});
