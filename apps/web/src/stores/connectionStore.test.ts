import { describe, expect, it } from 'vitest';
import { createConnectionStore } from './connectionStore.js';

describe('connectionStore', () => {
  it('starts disconnected', () => {
    expect(createConnectionStore().getState().status).toBe('disconnected');
  });

  it('records the last close until connected again', () => {
    const store = createConnectionStore();
    store.getState().setStatus('connected');
    store.getState().closed({ code: 1001, reason: 'shutdown', wasClean: true });
    store.getState().setStatus('disconnected');
    expect(store.getState()).toMatchObject({ status: 'disconnected', lastClose: { code: 1001 } });
    store.getState().setStatus('reconnecting');
    expect(store.getState().lastClose?.code).toBe(1001);
    store.getState().setStatus('connected');
    expect(store.getState()).toMatchObject({ status: 'connected', lastClose: null });
  });

  it('are independent instances', () => {
    const a = createConnectionStore();
    const b = createConnectionStore();
    a.getState().setStatus('connected');
    expect(b.getState().status).toBe('disconnected');
  });
});
