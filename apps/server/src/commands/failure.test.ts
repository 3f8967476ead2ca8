import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../db/DatabaseUnavailableError.js';
import { captureLogger } from '../testing/captureLogger.js';
import { failureAnswer } from './failure.js';

describe('failureAnswer', () => {
  it('tells the player a database outage is one, to try again, and logs it by its own name', () => {
    const { logger, records } = captureLogger();
    const err = new DatabaseUnavailableError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
    const frame = failureAnswer(logger, err, 'command-failed', { command: 'connect' }, 'Something went wrong.');
    expect(frame).toEqual(['error', [err.playerMessage], { code: ErrorCode.ServerUnavailable }]);
    expect(err.playerMessage).toMatch(/database.*try again/);
    expect(records()).toMatchObject([{ incident: 'database-unavailable', command: 'connect' }]);
  });

  it('answers anything else with E_INTERNAL and the incident named by the caller', () => {
    const { logger, records } = captureLogger();
    const frame = failureAnswer(logger, new TypeError('oops'), 'input-failed', { sessid: 3 }, 'Something went wrong.');
    expect(frame).toEqual(['error', ['Something went wrong.'], { code: ErrorCode.Internal }]);
    // A failed frame is named, so a client waiting on it (the web client's login form) hears.
    expect(failureAnswer(logger, new Error('x'), 'input-failed', {}, 'Oops.', 'login')).toEqual([
      'error',
      ['Oops.'],
      { code: ErrorCode.Internal, input: 'login' },
    ]);
    expect(records()[0]).toMatchObject({ incident: 'input-failed', sessid: 3 });
  });
});
