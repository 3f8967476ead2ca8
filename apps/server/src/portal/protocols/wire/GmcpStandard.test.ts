import { ErrorCode, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GmcpStandard } from './GmcpStandard.js';
import { bytes, outcome, shown } from './testing.js';

const state = { sessid: 1, loggedIn: true, account: 'Ann', puppet: 'Ann', mode: 0 };

describe('gmcp.mudstandards.org', () => {
  const format = new GmcpStandard();

  it('reads a binary frame as a command line and a text frame as GMCP', () => {
    expect(format.decode(bytes('look'), true)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
    expect(format.decode(bytes('Core.Text "look"'), false)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
    expect(format.decode(bytes('Core.Idle'), false)).toEqual({ kind: 'frame', frame: ['idle', [], {}] });
    expect(format.decode(bytes('Core.Supports.Get {"screenwidth": 90}'), false)).toEqual({
      kind: 'frame',
      frame: ['client_options', [], { screenwidth: 90 }],
    });
  });

  it('ignores blank messages and refuses unknown packages, bad JSON and bad UTF-8', () => {
    expect(outcome(format.decode(bytes('   \n  '), true))).toBe('blank');
    expect(outcome(format.decode(bytes(''), false))).toBe('blank');
    expect(outcome(format.decode(bytes('Char.Vitals {"hp": 100}'), false))).toBe(ErrorCode.UnknownInput);
    expect(outcome(format.decode(bytes('look'), false))).toBe(ErrorCode.UnknownInput);
    expect(outcome(format.decode(bytes('Core.Text {"a":'), false))).toBe(ErrorCode.MalformedFrame);
    expect(outcome(format.decode(bytes(`Core.Text ${'['.repeat(100)}`), false))).toBe(ErrorCode.MalformedFrame);
    expect(outcome(format.decode(Buffer.from([0xff, 0xfe]), true))).toBe(ErrorCode.MalformedFrame);
  });

  it('sends text and prompts as binary frames, OOB data as GMCP text frames', () => {
    expect(shown(format.encode(out.text('Hello \x1b[1;31mworld\x1b[0m')))).toEqual([
      ['binary', 'Hello \x1b[1;31mworld\x1b[0m\r\n'],
    ]);
    expect(shown(format.encode(out.prompt('HP: 100>')))).toEqual([['binary', 'HP: 100>']]);
    expect(shown(format.encode(out.session(state)))).toEqual([['text', `Core.Session ${JSON.stringify(state)}`]]);
    expect(shown(format.encode(out.oob('ping', ['test'], {})))).toEqual([['text', 'Core.Ping "test"']]);
    expect(shown(format.encode(out.oob('char_vitals', [], { hp: 100 })))).toEqual([['text', 'Char.Vitals {"hp":100}']]);
    expect(shown(format.encode(out.loggedIn()))).toEqual([['text', 'Logged.In']]);
  });

  it('shows an error as a red line and sends it as Core.Error with its code', () => {
    expect(shown(format.encode(out.error(ErrorCode.UnknownInput, 'Unknown input "x".', 'x')))).toEqual([
      ['binary', '\x1b[31mUnknown input "x".\x1b[0m\r\n'],
      ['text', 'Core.Error ["Unknown input \\"x\\".",{"code":"E_UNKNOWN_INPUT","input":"x"}]'],
    ]);
  });

  it('keeps resume to the web client: its frames are not sent', () => {
    expect(format.encode(out.resumeToken('t'.repeat(20), 60))).toEqual([]);
    expect(format.encode(out.resumed(1))).toEqual([]);
    expect(format.resumable).toBe(false);
  });

  it('reads back what it sends (client_options round trip)', () => {
    const [message] = format.encode(out.oob('client_options', [], { screenwidth: 80 }));
    expect(message).toBe('Core.Supports.Get {"screenwidth":80}');
    expect(format.decode(bytes(String(message)), false)).toEqual({
      kind: 'frame',
      frame: ['client_options', [], { screenwidth: 80 }],
    });
  });
});
