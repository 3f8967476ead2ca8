import { beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../net/Connection.js';
import { FakeWebSocket } from '../net/FakeWebSocket.js';
import { bindConnection } from './bindConnection.js';
import { createConnectionStore } from './connectionStore.js';
import { createSessionStore } from './sessionStore.js';

function setup() {
  const connection = new Connection({ url: 'ws://game.test/ws', WebSocket: FakeWebSocket.ctor });
  const stores = { connection: createConnectionStore(), session: createSessionStore() };
  const unbind = bindConnection(connection, stores);
  connection.connect();
  return { connection, stores, unbind, ws: FakeWebSocket.latest() };
}

beforeEach(() => FakeWebSocket.reset());

describe('bindConnection', () => {
  it('mirrors the connection status', () => {
    const { stores, ws } = setup();
    ws.serverOpen();
    expect(stores.connection.getState().status).toBe('connected');
    ws.serverClose(1001, 'bye');
    expect(stores.connection.getState()).toMatchObject({
      status: 'disconnected',
      lastClose: { code: 1001, reason: 'bye' },
    });
  });

  it('feeds frames to the session store and resets it on close', () => {
    const { stores, ws } = setup();
    ws.serverOpen();
    ws.serverMessage(['session', [], { sessid: 7, loggedIn: true, account: 'Ann', puppet: null, mode: 2 }]);
    expect(stores.session.getState()).toMatchObject({ loggedIn: true, session: { sessid: 7, mode: 2 } });
    ws.serverClose();
    expect(stores.session.getState()).toMatchObject({ loggedIn: false, session: null });
  });

  it('stops updating once unbound', () => {
    const { stores, ws, unbind } = setup();
    unbind();
    ws.serverOpen();
    expect(stores.connection.getState().status).toBe('disconnected');
  });
});
