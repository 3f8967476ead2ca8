/**
 * The cluster's faults (docs/cluster.md#faults), with accounts in a private PostgreSQL: the NATS
 * server restarted mid-play, PostgreSQL restarted mid-play, the game-server host killed with -9
 * and started again, a portal stopped by its operator. Players
 * keep their sessions, logins and puppets; what they typed meanwhile is answered afterwards, in
 * order, once each.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../src/testing/PostgresServer.js';
import { connect, createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { clusterSuite, expectSaidInOrder } from './clusterSupport.js';

let postgres: PrivatePostgres;
const suite = clusterSuite({
  portals: 2,
  env: { MUD_RESUME_GRACE: '60' },
  before: async () => {
    postgres = await startPrivatePostgres();
    return { MUD_DATABASE_URL: postgres.url };
  },
  after: async () => {
    await postgres?.destroy();
  },
});
const { track, portal } = suite;

describe('cluster faults', () => {
  let ann: TestClient;
  let bob: TestClient;

  it('a NATS restart mid-play: both tiers reconnect, input typed meanwhile is answered in order', async () => {
    ann = track(await createAccount(portal(1), 'Ann', 'ann-secret-12'));
    bob = track(await createAccount(portal(2), 'Bob', 'bob-secret-12'));
    await ann.command('look', 'Limbo');

    await suite.cluster.nats.stop();
    await portal(1).waitForServer('down');
    const [fromAnn, fromBob] = [ann.frames.length, bob.frames.length];
    const lines = ['n1', 'n2', 'n3'];
    for (const line of lines) ann.line(`say ${line}`);
    bob.line('say bob was here');
    await suite.cluster.nats.start();

    await ann.waitForText('You say, "n3"', fromAnn, 40_000);
    expectSaidInOrder(ann, fromAnn, lines);
    await bob.waitForText('You say, "bob was here"', fromBob, 40_000);
    // Nothing said meanwhile was lost on the way to the other portal, which came back later.
    await bob.waitForText('Ann says, "n3"', fromBob, 40_000);
    expect(bob.textSince(fromBob).match(/Ann says, "n\d"/g)).toEqual([
      'Ann says, "n1"',
      'Ann says, "n2"',
      'Ann says, "n3"',
    ]);
    await ann.waitForState('session', (f) => f[2].puppet === 'Ann');
    await portal(2).waitForServer('up');
  });

  it('a PostgreSQL restart mid-play: play goes on, a login meanwhile gets a clear answer, nothing is lost', async () => {
    const carl = track(await createAccount(portal(2), 'Carl', 'carl-secret-12'));
    carl.close();
    await postgres.stop();
    const from = ann.frames.length;
    ann.line('say no database needed');
    await ann.waitForText('You say, "no database needed"', from);

    const latecomer = track(await connect(portal(2)));
    const mark = latecomer.frames.length;
    latecomer.send(['login', [], { name: 'Carl', password: 'carl-secret-12' }]);
    const refusal = await latecomer.waitForFrame('error', mark, 30_000);
    expect(refusal[2]).toMatchObject({ code: ErrorCode.ServerUnavailable });

    await postgres.start();
    await latecomer.enter('login', 'Carl', 'carl-secret-12');
    await latecomer.waitForState('session', (f) => f[2].puppet === 'Carl');
  });

  it('a kill -9 of the game-server host: a new host restores every session from the bucket and runs the held input', async () => {
    await suite.cluster.host.stop('SIGKILL');
    await portal(1).waitForServer('down');
    const [fromAnn, fromBob] = [ann.frames.length, bob.frames.length];
    const lines = ['h1', 'h2', 'h3'];
    for (const line of lines) ann.line(`say ${line}`);
    // A connection made while the host is away gets its connection screen once it is back.
    const arriving = connect(portal(2));
    await suite.cluster.host.start();
    const newcomer = track(await arriving);

    await ann.waitForText('You say, "h3"', fromAnn, 60_000);
    expectSaidInOrder(ann, fromAnn, lines);
    await bob.waitForText('Ann says, "h3"', fromBob, 60_000);
    const seat = await ann.waitForState('session', (f) => f[2].loggedIn && f[2].puppet === 'Ann');
    expect(seat[2].account).toBe('Ann');
    await newcomer.command('connect Bob bob-secret-12', 'logged in as Bob');
  });

  it('a portal stopped by its operator: its players resume through the other portal at once', async () => {
    const state = ann.last('session')?.[2];
    const token = ann.last('resume_token')?.[2].token;
    expect(token).toBeTypeOf('string');
    await portal(1).stop('SIGTERM');
    await ann.closed;

    const back = track(await connect(portal(2)));
    const from = back.frames.length;
    back.send(['resume', [], { token: token as string }]);
    expect((await back.waitForFrame('resumed', from))[2].sessid).toBe(state?.sessid);
    await back.waitForState('session', (f) => f[2].sessid === state?.sessid && f[2].puppet === 'Ann');
    const mark = back.frames.length;
    back.line('say back again');
    await back.waitForText('You say, "back again"', mark);
  });
});
