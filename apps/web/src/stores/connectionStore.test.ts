import { describe, expect, it } from 'vitest';
import { createConnectionStore } from './connectionStore.js';

describe('connectionStore', () => {
  it('starts disconnected', () => {
    expect(createConnectionStore().getState()).toMatchObject({ status: 'disconnected', resume: 'none', retryAt: null });
  });

  it('records the last close until connected again', () => {
    const store = createConnectionStore();
    store.getState().setStatus('connected', 1000);
    expect(store.getState().connectedAt).toBe(1000);
    store.getState().closed({ code: 1001, reason: 'shutdown', wasClean: true, final: true });
    store.getState().setStatus('disconnected');
    expect(store.getState()).toMatchObject({ status: 'disconnected', lastClose: { code: 1001 }, connectedAt: null });
    store.getState().setStatus('reconnecting');
    expect(store.getState().lastClose?.code).toBe(1001);
    store.getState().setStatus('connected');
    expect(store.getState()).toMatchObject({ status: 'connected', lastClose: null });
  });

  it('tracks a scheduled retry until connected or given up', () => {
    const store = createConnectionStore();
    store.getState().closed({ code: 1006, reason: '', wasClean: false, final: false });
    store.getState().setStatus('reconnecting');
    store.getState().retryScheduled(5000);
    expect(store.getState().retryAt).toBe(5000);
    store.getState().setStatus('connected');
    expect(store.getState().retryAt).toBeNull();
    store.getState().retryScheduled(6000);
    store.getState().setStatus('disconnected');
    expect(store.getState().retryAt).toBeNull();
  });

  it('remembers the grace period until the session ends for good', () => {
    const store = createConnectionStore();
    store.getState().tokenReceived(60);
    store.getState().resumePhase('resumed');
    store.getState().closed({ code: 1006, reason: '', wasClean: false, final: false });
    expect(store.getState()).toMatchObject({ graceSeconds: 60, resume: 'resumed' });
    store.getState().closed({ code: 1000, reason: '', wasClean: true, final: true });
    expect(store.getState()).toMatchObject({ graceSeconds: null, resume: 'none' });
  });

  it('are independent instances', () => {
    const a = createConnectionStore();
    const b = createConnectionStore();
    a.getState().setStatus('connected');
    expect(b.getState().status).toBe('disconnected');
  });
});
