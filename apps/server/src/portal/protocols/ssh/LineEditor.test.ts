import { describe, expect, it } from 'vitest';
import { type EditorEvent, LineEditor } from './LineEditor.js';

const pty = (maxLength = 100) => new LineEditor({ echo: true, maxLength });
const lines = (events: EditorEvent[]) => events.flatMap((e) => (e.kind === 'line' ? [e.line] : []));

describe('LineEditor', () => {
  it('echoes typed characters and ends the line on CR with CR LF', () => {
    const editor = pty();
    expect(editor.feed('lo')).toEqual({ echo: 'lo', events: [] });
    expect(editor.feed('ok\r')).toEqual({ echo: 'ok\r\n', events: [{ kind: 'line', line: 'look' }] });
    expect(editor.line).toBe('');
  });

  it('counts CR LF as one line end, and a lone LF as one too', () => {
    const editor = new LineEditor({ echo: false, maxLength: 100 });
    expect(lines(editor.feed('a\r\nb\nc\r\r\nd').events)).toEqual(['a', 'b', 'c', '']);
    // The LF of a CR LF split across two reads is still the same line end.
    expect(lines(editor.feed('\r').events)).toEqual(['d']);
    expect(lines(editor.feed('\ne\n').events)).toEqual(['e']);
  });

  it('erases one character on Backspace or DEL, and the whole line on Ctrl-U', () => {
    const editor = pty();
    const typed = editor.feed('lookk\x7f');
    expect(typed.echo).toBe('lookk\b \b');
    expect(editor.feed('\x08\x08').echo).toBe('\b \b\b \b');
    expect(editor.line).toBe('lo');
    // Backspace on an empty line has nothing to erase and draws nothing.
    editor.feed('\x15');
    expect(editor.line).toBe('');
    expect(editor.feed('\x7f').echo).toBe('');
    expect(lines(editor.feed('say hi\r').events)).toEqual(['say hi']);
  });

  it('drops escape sequences and control characters from the line and from the echo', () => {
    const editor = pty();
    // Arrow keys (CSI and SS3), a colour, an OSC title (BEL and ST ended), a DCS, C1 controls, NUL, bell.
    const hostile =
      'say \x1b[A\x1bOBhi\x1b[31m red\x1b]0;pwned\x07\x1b]2;x\x1b\\ \x1bP1$r\x1b\\there\u009b2J\u0085\x00\x07!\u202e\r';
    const result = editor.feed(hostile);
    expect(result.events).toEqual([{ kind: 'line', line: 'say hi red there!' }]);
    expect(result.echo).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\u0080-\u009f]/);
  });

  it('keeps a sequence split across reads out of the line', () => {
    const editor = pty();
    editor.feed('a\x1b');
    editor.feed('[1;');
    expect(lines(editor.feed('5Cb\r').events)).toEqual(['ab']);
  });

  it('drops an unterminated escape string only up to the end of its line', () => {
    const editor = pty();
    editor.feed(`say \x1b]${'x'.repeat(300)}`);
    expect(lines(editor.feed('\rlook\r').events)).toEqual(['say ', 'look']);
  });

  it('decodes UTF-8 split across reads', () => {
    const editor = pty();
    const bytes = Buffer.from('say héllo ✓\r');
    editor.feed(bytes.subarray(0, 6));
    const rest = editor.feed(bytes.subarray(6));
    expect(lines(rest.events)).toEqual(['say héllo ✓']);
  });

  it('refuses a line over the limit, with a bell once, and starts the next line clean', () => {
    const editor = pty(5);
    const result = editor.feed('abcdefgh');
    expect(result.echo).toBe('abcde\x07');
    expect(editor.feed('\r').events).toEqual([{ kind: 'too-long' }]);
    expect(lines(editor.feed('ok\r').events)).toEqual(['ok']);
  });

  it('does not echo a secret line, and echoes again after it', () => {
    const editor = pty();
    editor.hideNextLine();
    const secret = editor.feed('hunter2\x7f\r');
    expect(secret).toEqual({ echo: '\r\n', events: [{ kind: 'line', line: 'hunter' }] });
    expect(editor.feed('look').echo).toBe('look');
  });

  it('echoes nothing without a pty, but still reads lines', () => {
    const editor = new LineEditor({ echo: false, maxLength: 100 });
    expect(editor.feed('look\r\n')).toEqual({ echo: '', events: [{ kind: 'line', line: 'look' }] });
  });

  it('asks to quit on Ctrl-C or Ctrl-D on an empty line; Ctrl-C drops a typed line', () => {
    const editor = pty();
    expect(editor.feed('\x04').events).toEqual([{ kind: 'quit', key: 'Ctrl-D' }]);
    expect(editor.feed('\x03').events).toEqual([{ kind: 'quit', key: 'Ctrl-C' }]);
    const dropped = editor.feed('half a li\x03');
    expect(dropped.events).toEqual([]);
    expect(dropped.echo.endsWith('^C\r\n')).toBe(true);
    expect(editor.line).toBe('');
    // Ctrl-D with text typed only rings the bell.
    expect(editor.feed('x\x04')).toEqual({ echo: 'x\x07', events: [] });
  });

  it('turns a tab into a space', () => {
    const editor = pty();
    expect(lines(editor.feed('say\thi\r').events)).toEqual(['say hi']);
  });
});
