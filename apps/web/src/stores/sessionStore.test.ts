import { ErrorCode, type SessionState } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { createSessionStore } from './sessionStore.js';

const loggedOut: SessionState = { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0 };
const loggedIn: SessionState = { sessid: 1, loggedIn: true, account: 'Ann', puppet: 'Ann', mode: 0 };

describe('sessionStore', () => {
  it('keeps the latest session frame', () => {
    const store = createSessionStore();
    store.getState().applyFrame(['session', [], loggedOut]);
    expect(store.getState()).toMatchObject({ session: loggedOut, loggedIn: false });
    store.getState().applyFrame(['session', [], loggedIn]);
    expect(store.getState()).toMatchObject({ session: loggedIn, loggedIn: true });
  });

  it('logs in on logged_in even before a session frame', () => {
    const store = createSessionStore();
    store.getState().applyFrame(['logged_in', [], {}]);
    expect(store.getState().loggedIn).toBe(true);
  });

  it('ignores text and prompt frames', () => {
    const store = createSessionStore();
    const before = store.getState();
    store.getState().applyFrame(['text', ['hi\n'], {}]);
    store.getState().applyFrame(['prompt', ['> '], {}]);
    expect(store.getState()).toBe(before);
  });

  it('takes the next line as a secret after a prompt with echo: false, and only that line', () => {
    const store = createSessionStore();
    expect(store.getState().secretInput).toBe(false);
    store.getState().applyFrame(['prompt', ['Password:'], { echo: false }]);
    expect(store.getState().secretInput).toBe(true);
    // Output meanwhile does not end it; the line sent does.
    store.getState().applyFrame(['text', ['The wind howls.'], {}]);
    expect(store.getState().secretInput).toBe(true);
    store.getState().inputSent(1000);
    expect(store.getState()).toMatchObject({ secretInput: false, lastInputAt: 1000 });

    // Another prompt in between ends it too, and a reset forgets it.
    store.getState().applyFrame(['prompt', ['Password:'], { echo: false }]);
    store.getState().applyFrame(['prompt', ['HP 10> '], {}]);
    expect(store.getState().secretInput).toBe(false);
    store.getState().applyFrame(['prompt', ['Password:'], { echo: false }]);
    store.getState().reset();
    expect(store.getState().secretInput).toBe(false);
    // Logging in by the form instead ends it as well.
    store.getState().applyFrame(['prompt', ['Password:'], { echo: false }]);
    store.getState().applyFrame(['logged_in', [], {}]);
    expect(store.getState().secretInput).toBe(false);
  });

  it('records an error answering the login form beside it', () => {
    const store = createSessionStore();
    store.getState().formSubmitted('login');
    expect(store.getState().pendingForm).toBe('login');
    store.getState().applyFrame(['error', ['Wrong name or password.'], { code: ErrorCode.LoginFailed }]);
    expect(store.getState()).toMatchObject({
      pendingForm: null,
      lastError: { code: ErrorCode.LoginFailed },
      formError: { code: ErrorCode.LoginFailed, message: 'Wrong name or password.' },
    });
  });

  it('treats an error naming the login or create input as a form error', () => {
    const store = createSessionStore();
    store.getState().applyFrame(['error', ['taken'], { code: ErrorCode.NameTaken, input: 'create' }]);
    expect(store.getState().formError).toEqual({ message: 'taken', code: ErrorCode.NameTaken, input: 'create' });
  });

  it('keeps other errors away from the form', () => {
    const store = createSessionStore();
    store.getState().applyFrame(['error', ['too fast'], { code: ErrorCode.RateLimited }]);
    expect(store.getState()).toMatchObject({ lastError: { code: ErrorCode.RateLimited }, formError: null });
  });

  it('clears the form error on a new submission and on login', () => {
    const store = createSessionStore();
    store.getState().formSubmitted('create');
    store.getState().applyFrame(['error', ['bad'], { code: ErrorCode.InvalidPassword }]);
    store.getState().formSubmitted('login');
    expect(store.getState().formError).toBeNull();
    store.getState().applyFrame(['error', ['bad'], { code: ErrorCode.LoginFailed }]);
    store.getState().applyFrame(['session', [], loggedIn]);
    expect(store.getState()).toMatchObject({ formError: null, pendingForm: null, loggedIn: true });
  });

  it('lets the form be used again when its request was abandoned', () => {
    const store = createSessionStore();
    store.getState().formSubmitted('login');
    store.getState().formAbandoned();
    expect(store.getState().pendingForm).toBeNull();
  });

  it('forgets everything on reset', () => {
    const store = createSessionStore();
    store.getState().applyFrame(['session', [], loggedIn]);
    store.getState().applyFrame(['error', ['x'], { code: ErrorCode.Internal }]);
    store.getState().reset();
    expect(store.getState()).toMatchObject({
      session: null,
      loggedIn: false,
      lastError: null,
      pendingForm: null,
      formError: null,
    });
  });
});
