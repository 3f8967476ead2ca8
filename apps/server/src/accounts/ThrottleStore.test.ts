/**
 * The ThrottleStore contract, run against the SQL store (on a real SQLite file and a real
 * PostgreSQL database, through the migrations) and its in-memory twin.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, useEngine } from '../testing/engines.js';
import { MemoryThrottleStore } from './MemoryThrottleStore.js';
import { SqlThrottleStore } from './SqlThrottleStore.js';
import type { ThrottleStore } from './ThrottleStore.js';

const engines = { SQLite: useEngine('SQLite'), PostgreSQL: useEngine('PostgreSQL') };

const sqlStore = async (engine: Engine) => new SqlThrottleStore((await engine.fresh()).kysely);

describe.each([
  ['SqlThrottleStore on SQLite', () => sqlStore(engines.SQLite)],
  ['SqlThrottleStore on PostgreSQL', () => sqlStore(engines.PostgreSQL)],
  ['MemoryThrottleStore', async () => new MemoryThrottleStore()],
] as const)('%s', (_name, make: () => Promise<ThrottleStore>) => {
  it('loads the events of one bucket after `since`, oldest first', async () => {
    const store = await make();
    await store.add('login', '10.0.0.1', 3000);
    await store.add('login', '10.0.0.2', 1000);
    await store.add('login', '10.0.0.1', 2000);
    await store.add('creation', '10.0.0.1', 2500);
    expect(await store.load('login', 0)).toEqual([
      ['10.0.0.2', 1000],
      ['10.0.0.1', 2000],
      ['10.0.0.1', 3000],
    ]);
    expect(await store.load('login', 2000)).toEqual([['10.0.0.1', 3000]]);
    expect(await store.load('creation', 0)).toEqual([['10.0.0.1', 2500]]);
    expect(await store.load('password-change', 0)).toEqual([]);
  });

  it('removes exactly the event named, in its bucket only', async () => {
    const store = await make();
    await store.add('login', 'a', 1000);
    await store.add('login', 'a', 1001);
    await store.add('login', 'b', 1000);
    await store.add('creation', 'a', 1000);
    await store.remove('login', 'a', 1000);
    await store.remove('login', 'a', 9999);
    expect(await store.load('login', 0)).toEqual([
      ['b', 1000],
      ['a', 1001],
    ]);
    expect(await store.load('creation', 0)).toEqual([['a', 1000]]);
  });

  it('prunes a bucket up to and including `before`, leaving the others', async () => {
    const store = await make();
    for (const at of [1000, 2000, 3000]) {
      await store.add('login', 'a', at);
      await store.add('creation', 'a', at);
    }
    await store.prune('login', 2000);
    expect(await store.load('login', 0)).toEqual([['a', 3000]]);
    expect(await store.load('creation', 0)).toHaveLength(3);
  });

  it('keeps epoch milliseconds of today exactly', async () => {
    const store = await make();
    const at = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
    await store.add('login', '2001:db8::1', at);
    expect(await store.load('login', at - 1)).toEqual([['2001:db8::1', at]]);
  });
});

describe.each(ENGINES)('SqlThrottleStore across connections on %s', (name) => {
  it('a database opened again (a restarted game server) still has the events', async () => {
    const engine = engines[name];
    const place = await engine.place();
    const first = await engine.open(place);
    await new SqlThrottleStore(first.kysely).add('login', '10.0.0.9', 5000);
    await first.close();
    const second = await engine.open(place);
    expect(await new SqlThrottleStore(second.kysely).load('login', 0)).toEqual([['10.0.0.9', 5000]]);
  });
});
