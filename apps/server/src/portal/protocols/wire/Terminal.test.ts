import { ErrorCode, Limits, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { Terminal } from './Terminal.js';
import { bytes, outcome, shown } from './testing.js';

const session = out.session({ sessid: 1, loggedIn: true, account: 'Ann', puppet: 'Ann', mode: 0 });

describe('terminal.mudstandards.org', () => {
  const format = new Terminal();

  it('reads a command line from binary and text frames alike, trimmed', () => {
    expect(format.decode(bytes('look'), true)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
    expect(format.decode(bytes('  look  \n'), true)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
    expect(format.decode(bytes('look'), false)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
  });

  it('ignores a blank line and refuses what is not UTF-8 or too long', () => {
    expect(outcome(format.decode(bytes('   '), true))).toBe('blank');
    expect(outcome(format.decode(bytes(''), true))).toBe('blank');
    expect(outcome(format.decode(bytes(''), false))).toBe('blank');
    expect(outcome(format.decode(Buffer.from([0xff, 0xfe]), true))).toBe(ErrorCode.MalformedFrame);
    expect(outcome(format.decode(bytes('x'.repeat(Limits.lineLength + 1)), true))).toBe(ErrorCode.LineTooLong);
  });

  it('sends text as UTF-8 ANSI in binary frames, each line ended with CRLF', () => {
    expect(shown(format.encode(out.text('Hello \x1b[1;31mworld\x1b[0m')))).toEqual([
      ['binary', 'Hello \x1b[1;31mworld\x1b[0m\r\n'],
    ]);
    expect(shown(format.encode(out.text('one\ntwo\r\n')))).toEqual([['binary', 'one\r\ntwo\r\n']]);
    expect(shown(format.encode(out.text('ünïcødé ✓')))).toEqual([['binary', 'ünïcødé ✓\r\n']]);
  });

  it('leaves a prompt’s line open and shows an error as a red line without controls', () => {
    expect(shown(format.encode(out.prompt('HP: 100>')))).toEqual([['binary', 'HP: 100>']]);
    expect(shown(format.encode(out.error(ErrorCode.RateLimited, 'Too \x1b[2Jfast\x07.')))).toEqual([
      ['binary', '\x1b[31mToo [2Jfast.\x1b[0m\r\n'],
    ]);
  });

  it('drops what it has no channel for: state, OOB commands, resume', () => {
    for (const frame of [
      session,
      out.loggedIn(),
      out.oob('char_vitals', [7], {}),
      out.resumeToken('t'.repeat(20), 60),
      out.resumed(1),
    ]) {
      expect(format.encode(frame)).toEqual([]);
    }
    expect(format.resumable).toBe(false);
  });

  it('encodes a frame once for every reader', () => {
    const frame = out.text('shared');
    expect(format.encode(frame)).toBe(format.encode(frame));
  });
});
