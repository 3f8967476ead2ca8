import { describe, expect, it } from 'vitest';
import { Limits } from './limits.js';
import {
  initialSyncData,
  isPortalToServerEnvelope,
  isServerToPortal,
  isServerToPortalEnvelope,
  type SessionSyncData,
} from './link.js';

const sync = (extra: Partial<SessionSyncData> | Record<string, unknown>) => ({
  t: 'sync',
  session: { ...initialSyncData(1, '10.0.0.1', 'websocket', 0), ...extra },
});

describe('sync data: session cmdsets and question (issue 12)', () => {
  it('accepts cmdset keys and a question with flat JSON data, or neither', () => {
    expect(isServerToPortal(sync({}))).toBe(true);
    expect(
      isServerToPortal(
        sync({
          cmdsets: ['DefaultSession', 'CharGen'],
          question: { key: 'chardelete-confirm', data: { characterId: 3 } },
        }),
      ),
    ).toBe(true);
  });

  it('refuses more cmdsets, longer keys or deeper question data than Limits.syncData', () => {
    const { cmdsets, keyLength, questionDataKeys, questionValueLength } = Limits.syncData;
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `Set${i}`);
    expect(isServerToPortal(sync({ cmdsets: keys(cmdsets) }))).toBe(true);
    expect(isServerToPortal(sync({ cmdsets: keys(cmdsets + 1) }))).toBe(false);
    expect(isServerToPortal(sync({ cmdsets: ['x'.repeat(keyLength + 1)] }))).toBe(false);
    const question = (data: unknown, key = 'q') => sync({ question: { key, data } });
    expect(isServerToPortal(question({}, 'x'.repeat(keyLength + 1)))).toBe(false);
    expect(isServerToPortal(question({ nested: { a: 1 } }))).toBe(false);
    expect(isServerToPortal(question({ list: [1] }))).toBe(false);
    expect(isServerToPortal(question({ s: 'x'.repeat(questionValueLength + 1) }))).toBe(false);
    const many = Object.fromEntries(keys(questionDataKeys + 1).map((k) => [k, 1]));
    expect(isServerToPortal(question(many))).toBe(false);
  });
});

describe('envelope checks on receipt (issue 17)', () => {
  it('accept every message the other end sends', () => {
    const session = initialSyncData(3, '10.0.0.1', 'telnet', 0);
    for (const m of [
      { t: 'hello', version: 11, kind: 'first', sessions: [session], carry: {} },
      { t: 'connect', session },
      { t: 'input', sessid: 3, frame: ['text', ['look'], {}] },
      { t: 'input', sessid: 3, frame: ['idle', [], {}], id: 9 },
      { t: 'disconnect', sessid: 3, reason: 'closed' },
      { t: 'shutdown' },
      { t: 'drain', kind: 'reset' },
      { t: 'report', portalId: 'local', pid: 1, startedAt: 0, memory: {}, samples: [], restarts: [], incidents: [] },
    ]) {
      expect(isPortalToServerEnvelope(m), m.t).toBe(true);
    }
    for (const m of [
      { t: 'ready', version: 11, pid: 4 },
      { t: 'output', batches: [{ sessids: [3], frames: [['text', ['hi'], {}]] }] },
      { t: 'disconnect', sessid: 3, reason: 'quit' },
      { t: 'sync', session },
      { t: 'request-shutdown', by: 'admin' },
      { t: 'request-restart', kind: 'reload', by: 'admin' },
      { t: 'revoke-resume', sessids: [3] },
      { t: 'stats', stats: [] },
      { t: 'handled', ids: [1] },
      { t: 'health', memory: { rss: 1, heapUsed: 1 } },
      { t: 'stopping', kind: 'reload', sessions: [session], carry: {} },
      { t: 'stopped' },
    ]) {
      expect(isServerToPortalEnvelope(m), m.t).toBe(true);
    }
  });

  it('refuse a non-object, an unknown or inherited `t`, a bad sessid and a missing array', () => {
    for (const m of [
      null,
      [],
      'input',
      { t: 'nonsense' },
      { t: 'toString' },
      { t: 'output', batches: [] }, // the other direction's message
      { t: 'input', sessid: 0, frame: ['text', [], {}] },
      { t: 'input', sessid: 1.5, frame: ['text', [], {}] },
      { t: 'input', sessid: '1', frame: ['text', [], {}] },
      { t: 'input', sessid: 1, frame: 'look' },
      { t: 'connect', session: { sessid: -1 } },
      { t: 'hello', version: 11, kind: 'first', sessions: null, carry: {} },
      { t: 'drain', kind: 'restart' },
    ]) {
      expect(isPortalToServerEnvelope(m), JSON.stringify(m)).toBe(false);
    }
    for (const m of [{ t: 'output' }, { t: 'ready', version: '11', pid: 1 }, { t: 'sync', session: null }]) {
      expect(isServerToPortalEnvelope(m), JSON.stringify(m)).toBe(false);
    }
  });
});
