/**
 * Logs (pino): JSON lines to `$MUD_DATA_DIR/logs/<process>.log` always, and to stdout as
 * MUD_LOG_FORMAT says — `pretty` (pino-pretty: one readable, coloured line per event, for a person
 * at a terminal) or `json` (one JSON object per line, for a log collector). By default `pretty`
 * when stdout is a terminal and `json` when it is not (docs/settings.md#precedence).
 * Passwords and resume tokens are never passed to the logger; `redact` is the safety net.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'pretty' | 'json';

/** The stdout format when none is set: readable for a person, JSON for a machine. */
export function defaultLogFormat(stdout: { isTTY?: boolean } = process.stdout): LogFormat {
  return stdout.isTTY ? 'pretty' : 'json';
}

export function createLogger(options: {
  name: 'portal' | 'server' | 'host';
  level: string;
  dataDir?: string;
  format?: LogFormat;
}): Logger {
  const format = options.format ?? defaultLogFormat();
  const stdout =
    format === 'pretty'
      ? pretty({
          // Synchronous, so the last lines before an exit are not lost.
          sync: true,
          colorize: process.stdout.isTTY === true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          destination: 1,
        })
      : process.stdout;
  const streams: pino.StreamEntry[] = [{ stream: stdout }];
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
