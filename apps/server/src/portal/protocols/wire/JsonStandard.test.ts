import { ErrorCode, Limits, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { JsonStandard, nestsDeeperThan } from './JsonStandard.js';
import { bytes, outcome, shown } from './testing.js';

const envelope = (value: unknown) => bytes(JSON.stringify(value));
const state = { sessid: 1, loggedIn: true, account: 'Ann', puppet: 'Ann', mode: 0 };

describe('json.mudstandards.org', () => {
  const format = new JsonStandard();

  it('reads a binary frame as a command line', () => {
    expect(format.decode(bytes('look'), true)).toEqual({ kind: 'frame', frame: ['text', ['look'], {}] });
    expect(outcome(format.decode(bytes('   '), true))).toBe('blank');
    expect(outcome(format.decode(Buffer.from([0xff, 0xfe]), true))).toBe(ErrorCode.MalformedFrame);
  });

  it('reads text, GMCP and other envelopes from text frames', () => {
    expect(format.decode(envelope({ proto: 'text', id: '', data: 'look around' }), false)).toEqual({
      kind: 'frame',
      frame: ['text', ['look around'], {}],
    });
    expect(format.decode(envelope({ proto: 'gmcp', id: 'Core.Idle', data: '' }), false)).toEqual({
      kind: 'frame',
      frame: ['idle', [], {}],
    });
    expect(
      format.decode(envelope({ proto: 'gmcp', id: 'Core.Supports.Get', data: '{"screenwidth": 90}' }), false),
    ).toEqual({ kind: 'frame', frame: ['client_options', [], { screenwidth: 90 }] });
    // Any other proto names its input by `id` (else by itself); data given as JSON is taken too.
    expect(
      format.decode(envelope({ proto: 'custom', id: 'client_options', data: { xterm256: false } }), false),
    ).toEqual({
      kind: 'frame',
      frame: ['client_options', [], { xterm256: false }],
    });
    expect(format.decode(envelope({ id: 'idle' }), false)).toEqual({ kind: 'frame', frame: ['idle', [], {}] });
    expect(outcome(format.decode(envelope({ proto: 'websocket_close', id: '', data: '' }), false))).toBe('close');
    expect(outcome(format.decode(envelope({ proto: 'text' }), false))).toBe('blank');
  });

  it('refuses what is not an envelope, unknown packages and inputs, and deep nesting before parsing', () => {
    for (const bad of ['not json', '[1, 2]', '"text"', '{}', '{"proto": 1}', '{"proto": "gmcp", "id": " "}']) {
      expect(outcome(format.decode(bytes(bad), false))).toBe(ErrorCode.MalformedFrame);
    }
    expect(outcome(format.decode(envelope({ proto: 'gmcp', id: 'Char.Vitals', data: '{"hp": 100}' }), false))).toBe(
      ErrorCode.UnknownInput,
    );
    expect(outcome(format.decode(envelope({ proto: 'custom', id: 'my_cmd', data: '{}' }), false))).toBe(
      ErrorCode.UnknownInput,
    );
    const deep = `{"proto": "gmcp", "id": "Core.Text", "data": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(outcome(format.decode(bytes(deep), false))).toBe(ErrorCode.MalformedFrame);
    expect(nestsDeeperThan('{"a": "[[[[[[[[[[[["}', Limits.frameDepth)).toBe(false);
    expect(outcome(format.decode(envelope({ proto: 'text', data: 'x'.repeat(Limits.lineLength + 1) }), false))).toBe(
      ErrorCode.LineTooLong,
    );
  });

  it('sends text in binary frames; prompts and OOB data as envelopes in text frames', () => {
    expect(shown(format.encode(out.text('Hello \x1b[1;31mworld\x1b[0m')))).toEqual([
      ['binary', 'Hello \x1b[1;31mworld\x1b[0m\r\n'],
    ]);
    expect(shown(format.encode(out.prompt('HP: 100>')))).toEqual([
      ['text', '{"proto":"prompt","id":"","data":"HP: 100>"}'],
    ]);
    expect(shown(format.encode(out.session(state)))).toEqual([
      ['text', JSON.stringify({ proto: 'gmcp', id: 'Core.Session', data: JSON.stringify(state) })],
    ]);
    expect(shown(format.encode(out.oob('ping', [], {})))).toEqual([
      ['text', '{"proto":"gmcp","id":"Core.Ping","data":""}'],
    ]);
  });

  it('shows an error as a red line and sends it as a Core.Error envelope with its code', () => {
    expect(shown(format.encode(out.error(ErrorCode.MalformedFrame, 'Bad.')))).toEqual([
      ['binary', '\x1b[31mBad.\x1b[0m\r\n'],
      ['text', JSON.stringify({ proto: 'gmcp', id: 'Core.Error', data: '["Bad.",{"code":"E_MALFORMED_FRAME"}]' })],
    ]);
  });

  it('sends no resume frames and reads back what it sends', () => {
    expect(format.encode(out.resumeToken('t'.repeat(20), 60))).toEqual([]);
    const [message] = format.encode(out.oob('client_options', [], { screenwidth: 80 }));
    expect(format.decode(bytes(String(message)), false)).toEqual({
      kind: 'frame',
      frame: ['client_options', [], { screenwidth: 80 }],
    });
  });
});
