/**
 * The server's one session handler (docs/sessions.md#the-session-handler): lookups by sessid, account and puppet that stay
 * true as sessions log in, puppet, switch and leave; `disconnect`, `disconnectAll`,
 * `announceAll`; and the account's and character's `sessions` handlers built on it.
 */
import { describe, expect, it } from 'vitest';
import type { GameSession } from '../commands/GameServices.js';
import { unitWorld } from '../testing/unitWorld.js';
import { ServerSession } from './ServerSession.js';

const setup = () => unitWorld(2);

const ids = (sessions: ServerSession[]) => sessions.map((s) => s.sessid);

describe('SessionHandler', () => {
  it("gives each session it adds a handle on itself (Evennia's session.sessionhandler)", () => {
    const { handler, session } = setup();
    expect(session(1).sessionHandler).toBe(handler);
  });

  it('lets game code attach and detach sessions through account.sessions and character.sessions', () => {
    const { handler, session, account, character } = setup();
    const [s1, s2] = [session(1), session(2)];
    const [ann, bob] = [account(10), account(11)];
    const hero = character(100, 10);
    ann.sessions.add(s1);
    ann.sessions.add(s2);
    expect(ids(ann.sessions.all())).toEqual([1, 2]);
    expect(s1.account).toBe(ann);
    expect(s1.loggedIn).toBe(true);
    hero.sessions.add(s2);
    expect(s2.puppet).toBe(hero);
    expect(ids(handler.byPuppet(hero))).toEqual([2]);

    // Removing what is not there changes nothing.
    expect(bob.sessions.remove(s1)).toBe(false);
    expect(hero.sessions.remove(s1)).toBe(false);
    expect(ids(ann.sessions.all())).toEqual([1, 2]);

    expect(hero.sessions.remove(s2)).toBe(true);
    expect(s2.puppet).toBeUndefined();
    expect(hero.sessions.count()).toBe(0);
    // Adding to another account moves the session.
    bob.sessions.add(s2);
    expect(ids(ann.sessions.all())).toEqual([1]);
    expect(ids(bob.sessions.all())).toEqual([2]);
    expect(ann.sessions.remove(s1)).toBe(true);
    expect(s1.loggedIn).toBe(false);
    expect(ann.sessions.count()).toBe(0);
  });

  it('finds sessions by sessid, account and puppet, in sessid order', () => {
    const { handler, session, account, character } = setup();
    const [s1, s2, s3] = [session(1), session(2), session(3)];
    const ann = account(10);
    const hero = character(100, 10);
    handler.setAccount(s3, ann);
    handler.setAccount(s1, ann);
    handler.setPuppet(s3, hero);
    handler.setPuppet(s1, hero);

    expect(handler.get(2)).toBe(s2);
    expect(handler.get(99)).toBeUndefined();
    expect(handler.count()).toBe(3);
    expect(ids(handler.loggedIn())).toEqual([1, 3]);
    expect(ids(handler.byAccount(10))).toEqual([1, 3]);
    expect(ids(handler.byPuppet(hero))).toEqual([1, 3]);
    expect(handler.byPuppet(undefined)).toEqual([]);
    // The account's and the character's own handlers read the same indexes.
    expect(ids(ann.sessions.all())).toEqual([1, 3]);
    expect(ids(ann.sessions.get(3))).toEqual([3]);
    expect(ann.sessions.count()).toBe(2);
    expect(ids(hero.sessions.all())).toEqual([1, 3]);
    expect(hero.sessions.count()).toBe(2);
  });

  it('keeps its indexes true through a puppet switch, a logout and a removal', () => {
    const { handler, session, account, character } = setup();
    const s1 = session(1);
    const s2 = session(2);
    const ann = account(10);
    const [hero, villain] = [character(100, 10), character(101, 10)];
    handler.setAccount(s1, ann);
    handler.setAccount(s2, ann);
    handler.setPuppet(s1, hero);
    handler.setPuppet(s2, hero);

    handler.setPuppet(s1, villain);
    expect(ids(hero.sessions.all())).toEqual([2]);
    expect(ids(villain.sessions.all())).toEqual([1]);
    expect(s1.puppet).toBe(villain);

    handler.setPuppet(s1, undefined);
    handler.setAccount(s1, undefined);
    expect(s1.loggedIn).toBe(false);
    expect(villain.sessions.count()).toBe(0);
    expect(ids(ann.sessions.all())).toEqual([2]);

    expect(handler.remove(2)).toBe(s2);
    expect(handler.remove(2)).toBeUndefined();
    expect(ann.sessions.count()).toBe(0);
    expect(hero.sessions.count()).toBe(0);
    expect(ids(handler.all())).toEqual([1]);
  });

  it('indexes a session added with its account and puppet already set (a restore after a restart)', () => {
    const { handler, account, character } = setup();
    const ann = account(10);
    const hero = character(100, 10);
    const restored: GameSession = new ServerSession(
      {
        sessid: 7,
        address: '::1',
        protocolKey: 'websocket',
        connTime: 0,
        loggedIn: true,
        accountId: 10,
        puppetId: 100,
        cmdLast: 0,
        cmdLastVisible: 0,
        cmdTotal: 4,
        protocolFlags: {},
      },
      () => {},
    );
    restored.account = ann;
    restored.puppet = hero;
    handler.add(restored);
    expect(ids(handler.byAccount(10))).toEqual([7]);
    expect(ids(handler.byPuppet(hero))).toEqual([7]);
  });

  it('disconnects one session or all, through the portal hook, with the reason', () => {
    const { handler, session, disconnected } = setup();
    const [s1] = [session(1), session(2), session(3)];
    handler.disconnect(s1, 'Kicked.');
    expect(disconnected).toEqual([[1, 'Kicked.']]);
    handler.disconnectAll('The game is closing.');
    expect(disconnected.slice(1)).toEqual([
      [1, 'The game is closing.'],
      [2, 'The game is closing.'],
      [3, 'The game is closing.'],
    ]);
  });

  it('announces to every connected session, logged in or not', () => {
    const { handler, session, account, inbox } = setup();
    const [, s2] = [session(1), session(2)];
    handler.setAccount(s2, account(10));
    handler.announceAll('|rHear ye|n');
    expect(inbox.get(1)).toEqual(['\x1b[1;31mHear ye\x1b[0m']);
    expect(inbox.get(2)).toEqual(inbox.get(1));
  });
});

describe('ServerSession', () => {
  it('has db as an alias of ndb: one non-persistent store', () => {
    const { session } = setup();
    const s = session(1);
    s.db.votes = 3;
    expect(s.ndb.votes).toBe(3);
    expect(s.db).toBe(s.ndb);
  });
});
