import { describe, expect, it } from 'vitest';
import { toCrlf } from './eol.js';

describe('toCrlf', () => {
  it('turns lone LF into CRLF and leaves CRLF alone', () => {
    expect(toCrlf('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
    expect(toCrlf('\n\n')).toBe('\r\n\r\n');
    expect(toCrlf('no newline')).toBe('no newline');
  });
});
