import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { frameToAnsi, noticeToAnsi } from './frameToAnsi.js';

describe('frameToAnsi', () => {
  it('writes text with CRLF line ends, keeping its colour codes', () => {
    expect(frameToAnsi(['text', ['\x1b[1mHall\x1b[0m\nA hall.\n'], {}])).toBe('\x1b[1mHall\x1b[0m\r\nA hall.\r\n');
  });

  it('keeps 256-colour and bold sequences as sent', () => {
    expect(frameToAnsi(['text', ['\x1b[1;38;5;208mEmber\x1b[0m'], {}])).toBe('\x1b[1;38;5;208mEmber\x1b[0m\r\n');
  });

  it('marks what a player typed (say, pose) with an OSC of the client, before the line break', () => {
    expect(frameToAnsi(['text', ['Ann says, "hi"'], { type: 'say' }])).toBe(
      '\x1b]7701;player\x07Ann says, "hi"\x1b]7701;end\x07\r\n',
    );
    expect(frameToAnsi(['text', ['Ann waves.\nAnd bows.'], { type: 'pose' }])).toBe(
      '\x1b]7701;player\x07Ann waves.\r\nAnd bows.\x1b]7701;end\x07\r\n',
    );
    expect(frameToAnsi(['text', ['A hall.'], { type: 'look' }])).toBe('A hall.\r\n');
  });

  it('ends a prompt line', () => {
    expect(frameToAnsi(['prompt', ['HP 10> '], {}])).toBe('HP 10> \r\n');
    expect(frameToAnsi(['prompt', ['> \n'], {}])).toBe('> \r\n');
  });

  it('writes errors in red on their own line', () => {
    expect(frameToAnsi(['error', ['Bad frame.'], { code: ErrorCode.MalformedFrame }])).toBe(
      '\x1b[31mBad frame.\x1b[0m\r\n',
    );
  });

  it('writes nothing for state-only frames', () => {
    expect(frameToAnsi(['logged_in', [], {}])).toBeNull();
    expect(
      frameToAnsi(['session', [], { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0 }]),
    ).toBeNull();
    expect(frameToAnsi(['oob', ['vitals', [20]], { max: 20 }])).toBeNull();
  });

  it('writes client notices in yellow', () => {
    expect(noticeToAnsi('Disconnected.')).toBe('\x1b[33mDisconnected.\x1b[0m\r\n');
  });
});
