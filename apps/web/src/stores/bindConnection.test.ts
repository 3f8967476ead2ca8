import type { CharMenuState, SessionState } from '@mud/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../net/Connection.js';
import { FakeWebSocket } from '../net/FakeWebSocket.js';
import { memoryTokenStore, type TokenStore } from '../net/TokenStore.js';
import { bindConnection, type Stores } from './bindConnection.js';
import { createCharMenuStore } from './charMenuStore.js';
import { createConnectionStore } from './connectionStore.js';
import { createOutputStore } from './outputStore.js';
import { createSessionStore } from './sessionStore.js';

class MapStorage {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

const TOKEN = 't'.repeat(40);
const state: SessionState = { sessid: 7, loggedIn: true, account: 'Ann', puppet: 'Bea', mode: 2 };
const menu: CharMenuState = {
  account: 'Ann',
  characters: [{ id: 1, name: 'Bea', description: '', puppetedBy: [7] }],
  sessions: [{ sessid: 7, protocolKey: 'websocket', address: '::1', connTime: 1, cmdLastVisible: 2, puppet: 'Bea' }],
  maxCharacters: 5,
  maxPuppets: 5,
};

function createStores(): Stores {
  return {
    connection: createConnectionStore(),
    session: createSessionStore(),
    charMenu: createCharMenuStore(),
    output: createOutputStore(),
  };
}

function setup(storage = new MapStorage(), tokens: TokenStore = memoryTokenStore()) {
  const connection = new Connection({
    url: 'ws://game.test/ws',
    WebSocket: FakeWebSocket.ctor,
    tokens,
    backoff: { random: () => 0.5 },
  });
  const stores = createStores();
  const unbind = bindConnection(connection, stores, { snapshot: storage, now: () => 1000 });
  connection.connect();
  return { connection, stores, unbind, storage, tokens, ws: FakeWebSocket.latest() };
}

const texts = (stores: Stores) => stores.output.getState().entries.map((e) => `${e.kind}:${e.text}`);

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

describe('bindConnection', () => {
  it('mirrors the connection status', () => {
    const { stores, ws } = setup();
    ws.serverOpen();
    expect(stores.connection.getState()).toMatchObject({ status: 'connected', connectedAt: 1000 });
    ws.serverClose(1000, 'bye');
    expect(stores.connection.getState()).toMatchObject({
      status: 'disconnected',
      lastClose: { code: 1000, reason: 'bye', final: true },
    });
  });

  it('feeds frames to the session, menu and output stores', () => {
    const { stores, ws } = setup();
    ws.serverOpen();
    ws.serverMessage(['session', [], state]);
    ws.serverMessage(['charmenu', [], menu]);
    ws.serverMessage(['text', ['\x1b[1mHall\x1b[0m\n'], {}]);
    ws.serverMessage(['error', ['No.'], { code: 'E_LOGIN_FAILED' }]);
    expect(stores.session.getState()).toMatchObject({ loggedIn: true, session: state });
    expect(stores.charMenu.getState().menu).toEqual(menu);
    expect(texts(stores)).toEqual(['text:Hall', 'error:No.']);
  });

  it('forgets the session when it ends for good, and says so', () => {
    const { stores, ws, storage } = setup();
    ws.serverOpen();
    ws.serverMessage(['session', [], state]);
    ws.serverMessage(['charmenu', [], menu]);
    expect(storage.map.has('mud.session')).toBe(true);
    ws.serverClose(1000, '');
    expect(stores.session.getState()).toMatchObject({ loggedIn: false, session: null });
    expect(stores.charMenu.getState().menu).toBeNull();
    expect(storage.map.has('mud.session')).toBe(false);
    expect(texts(stores)).toEqual(['notice:Connection closed (code 1000).']);
  });

  it('keeps showing the session while reconnecting after a drop', () => {
    vi.useFakeTimers();
    const { stores, ws } = setup();
    ws.serverOpen();
    ws.serverMessage(['session', [], state]);
    ws.serverClose(1006, '', false);
    expect(stores.session.getState().session).toEqual(state);
    expect(stores.connection.getState()).toMatchObject({ status: 'reconnecting', retryAt: 1500 });
    expect(texts(stores)).toEqual(['notice:Connection lost (code 1006). Reconnecting…']);
  });

  it('puts back the saved state when a refreshed page resumes its session', () => {
    const storage = new MapStorage();
    const tokens = memoryTokenStore();
    // The page before the refresh.
    const before = setup(storage, tokens);
    before.ws.serverOpen();
    before.ws.serverMessage(['resume_token', [], { token: TOKEN, graceSeconds: 60 }]);
    before.ws.serverMessage(['session', [], state]);
    before.ws.serverMessage(['charmenu', [], menu]);
    before.unbind();
    before.connection.dispose();
    // The page after: new stores, same tab storage.
    const after = setup(storage, tokens);
    after.ws.serverOpen();
    expect(after.stores.connection.getState()).toMatchObject({ status: 'reconnecting', resume: 'resuming' });
    after.ws.serverMessage(['text', ['Welcome'], {}]);
    after.ws.serverMessage(['session', [], { sessid: 9, loggedIn: false, account: null, puppet: null, mode: 2 }]);
    after.ws.serverMessage(['resumed', [], { sessid: 7 }]);
    expect(after.stores.session.getState()).toMatchObject({ session: state, loggedIn: true });
    expect(after.stores.charMenu.getState().menu).toEqual(menu);
    expect(after.stores.connection.getState()).toMatchObject({ status: 'connected', resume: 'resumed' });
    expect(texts(after.stores)).toEqual(['notice:Reconnected: session #7 resumed.']);
  });

  it('does not restore a snapshot of another session', () => {
    const storage = new MapStorage();
    const tokens = memoryTokenStore();
    tokens.save({ token: TOKEN, graceSeconds: 60 });
    storage.setItem('mud.session', JSON.stringify([['session', [], state], null]));
    const { stores, ws } = setup(storage, tokens);
    ws.serverOpen();
    ws.serverMessage(['resumed', [], { sessid: 8 }]);
    expect(stores.session.getState().session).toBeNull();
  });

  it('starts over with the new session when the resume is refused', () => {
    const storage = new MapStorage();
    const tokens = memoryTokenStore();
    tokens.save({ token: TOKEN, graceSeconds: 60 });
    storage.setItem(
      'mud.session',
      JSON.stringify([
        ['session', [], state],
        ['charmenu', [], menu],
      ]),
    );
    const { stores, ws } = setup(storage, tokens);
    ws.serverOpen();
    const fresh: SessionState = { sessid: 9, loggedIn: false, account: null, puppet: null, mode: 2 };
    ws.serverMessage(['text', ['Welcome'], {}]);
    ws.serverMessage(['session', [], fresh]);
    ws.serverMessage(['error', ['That session can no longer be resumed.'], { code: 'E_RESUME_FAILED' }]);
    expect(stores.session.getState().session).toEqual(fresh);
    expect(stores.charMenu.getState().menu).toBeNull();
    expect(stores.connection.getState().resume).toBe('failed');
    // The portal's reason is shown as it gave it.
    expect(texts(stores)).toEqual(['notice:That session can no longer be resumed.', 'text:Welcome']);
  });

  it('after a portal restart, the refused resume ends the old session and says the game restarted', () => {
    vi.useFakeTimers();
    const { stores, ws, storage } = setup();
    ws.serverOpen();
    ws.serverMessage(['resume_token', [], { token: TOKEN, graceSeconds: 60 }]);
    ws.serverMessage(['session', [], state]);
    ws.serverMessage(['charmenu', [], menu]);
    ws.serverClose(1001, 'server shutting down');
    // Still shown while the tab retries: a restart is not yet known to have ended it.
    expect(stores.session.getState().session).toEqual(state);
    expect(stores.connection.getState().status).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    FakeWebSocket.latest().serverClose(1006, '', false); // the portal is not back yet
    vi.advanceTimersByTime(1000);
    const next = FakeWebSocket.latest();
    next.serverOpen();
    const fresh: SessionState = { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 2 };
    next.serverMessage(['session', [], fresh]);
    next.serverMessage(['error', ['Unknown token.'], { code: 'E_RESUME_FAILED', input: 'resume' }]);
    expect(stores.session.getState()).toMatchObject({ loggedIn: false, session: fresh });
    expect(stores.charMenu.getState().menu).toBeNull();
    expect(storage.map.get('mud.session')).not.toContain('"Ann"');
    expect(stores.connection.getState().status).toBe('connected');
    expect(texts(stores)).toEqual([
      'notice:The game closed the connection (code 1001: server shutting down): it is restarting or shutting down. Reconnecting…',
      'notice:Connection lost (code 1006). Reconnecting…',
      'notice:The game restarted, so your session ended. Please log in again.',
    ]);
  });

  it('after a portal restart without a token to offer, the new connection is a fresh session too', () => {
    vi.useFakeTimers();
    const { stores, ws } = setup();
    ws.serverOpen();
    ws.serverMessage(['session', [], state]);
    ws.serverClose(1001, '');
    vi.advanceTimersByTime(500);
    FakeWebSocket.latest().serverOpen();
    expect(stores.session.getState().session).toBeNull();
    expect(texts(stores).at(-1)).toBe('notice:The game restarted, so your session ended. Please log in again.');
  });

  it('stops updating once unbound', () => {
    const { stores, ws, unbind } = setup();
    unbind();
    ws.serverOpen();
    expect(stores.connection.getState().status).toBe('disconnected');
  });
});
