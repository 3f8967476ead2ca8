/**
 * Logs (pino): JSON lines to `$MUD_DATA_DIR/logs/<process>.log` always, and to stdout as
 * MUD_LOG_FORMAT says — `pretty` (pino-pretty: one readable, coloured line per event, for a person
 * at a terminal) or `json` (one JSON object per line, for a log collector). By default `pretty`
 * when stdout is a terminal and `json` when it is not (docs/settings.md#precedence).
 * Passwords and resume tokens are never passed to the logger; `redact` is the safety net.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

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
  /** Called with every record that names an incident (`logIncident`): the admin view's ring. */
  onIncident?: IncidentSink | undefined;
}): Logger {
  const format = options.format ?? defaultLogFormat();
  const stdout =
    format === 'pretty'
      ? loadPretty()({
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
      ...(options.onIncident ? { hooks: incidentHooks(options.onIncident) } : {}),
      redact: {
        paths: ['password', 'token'].flatMap((key) => [key, `*.${key}`, `kwargs.${key}`, `frame[2].${key}`]),
        censor: '[redacted]',
      },
    },
    pino.multistream(streams),
  );
}

/** Receives the fields and message of a log record that carries an `incident` name. */
export type IncidentSink = (fields: Record<string, unknown>, message: string) => void;

/**
 * pino hooks that hand every incident record (`logIncident` sets `incident`) to `sink` as well,
 * whatever child logger wrote it (pino calls the hook for the levels the logger writes).
 */
export function incidentHooks(sink: IncidentSink): pino.LoggerOptions['hooks'] {
  return {
    logMethod(args, method) {
      const [fields, message] = args as unknown[];
      if (
        typeof fields === 'object' &&
        fields !== null &&
        typeof (fields as { incident?: unknown }).incident === 'string'
      ) {
        try {
          sink(fields as Record<string, unknown>, typeof message === 'string' ? message : '');
        } catch {
          // The admin view's ring must never cost a log line.
        }
      }
      method.apply(this, args);
    },
  };
}

/** A logger that drops everything, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * pino-pretty, loaded only for the `pretty` format: a collector's `json` (what a service runs
 * with) never needs it, and it is megabytes of idle memory (issue 17). It is CommonJS, so a
 * require keeps `createLogger` synchronous.
 */
function loadPretty(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}
