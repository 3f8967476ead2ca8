import { describe, expect, it } from 'vitest';
import { Limits } from './limits.js';
import { initialSyncData, isServerToPortal, type SessionSyncData } from './link.js';

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
