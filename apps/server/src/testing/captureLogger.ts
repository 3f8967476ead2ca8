/**
 * A real pino logger whose lines a unit test can read: `lines` holds each JSON line as written,
 * `records()` the parsed objects. For asserting that an incident was logged, by its name.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export function captureLogger(level: pino.LevelWithSilent = 'info'): {
  logger: Logger;
  lines: string[];
  records: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: pino({ level }, sink),
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
