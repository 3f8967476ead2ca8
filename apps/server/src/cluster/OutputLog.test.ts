import { describe, expect, it } from 'vitest';
import { OutputLog } from './OutputLog.js';

const notice = (markup: string) => ({ t: 'notice', markup }) as const;

describe('OutputLog (docs/cluster.md#output)', () => {
  it('numbers each portal’s messages from 1 and replays them from a sequence', () => {
    const log = new OutputLog();
    const first = JSON.parse(log.add('a', notice('one')));
    expect(first).toMatchObject({ host: log.host, seq: 1, m: { markup: 'one' } });
    log.add('b', notice('other portal'));
    log.add('a', notice('two'));
    log.add('a', notice('three'));
    const { oldest, data } = log.since('a', 2);
    expect(oldest).toBe(2);
    expect(data.map((d) => JSON.parse(d).m.markup)).toEqual(['two', 'three']);
    expect(log.since('a', 4)).toEqual({ oldest: null, data: [] });
    expect(JSON.parse(log.since('b', 1).data[0] ?? '{}').seq).toBe(1);
  });

  it('keeps at most 10,000 messages a portal: an older request learns what is still there', () => {
    const log = new OutputLog();
    for (let i = 1; i <= 10_005; i++) log.add('a', notice(String(i)));
    const { oldest, data } = log.since('a', 1);
    expect(oldest).toBe(6);
    expect(data).toHaveLength(10_000);
  });
});
