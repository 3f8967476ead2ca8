/**
 * Structured JSON logs (pino) to stdout and to `$MUD_DATA_DIR/logs/<process>.log`.
 * Passwords and resume tokens are never passed to the logger; `redact` is the safety net.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { name: 'portal' | 'server'; level: string; dataDir?: string }): Logger {
  const streams: pino.StreamEntry[] = [{ stream: process.stdout }];
  if (options.dataDir) {
    const dir = join(options.dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    streams.push({ stream: pino.destination({ dest: join(dir, `${options.name}.log`), sync: false }) });
  }
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: {
        paths: ['password', 'token'].flatMap((key) => [key, `*.${key}`, `kwargs.${key}`, `frame[2].${key}`]),
        censor: '[redacted]',
      },
    },
    pino.multistream(streams),
  );
}

/** A logger that drops everything, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
