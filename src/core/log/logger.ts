import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './format.ts';

/** Paths pino blanks out wherever they appear in a log line, so secrets never reach the logs. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'config.DISCORD_TOKEN',
  'DISCORD_TOKEN',
];

/** How {@link createLogger} writes. */
export interface LoggerSetup {
  /** @default 'json' */
  format?: LogFormat;
  /** Where lines go. @default stdout */
  destination?: DestinationStream;
  /** Extra pino options. */
  pino?: LoggerOptions;
}

/**
 * Creates the process logger; plugins get children of it carrying their name. Secrets are redacted by pino before
 * a line is formatted, so they stay out of both formats.
 * @example createLogger(config.LOG_LEVEL, { format: chooseLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true) })
 */
export function createLogger(level: string, setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid }, ...setup.pino };
  if (setup.format === 'pretty') {
    // In-process and synchronous, so the last line before an exit (a fatal start error) is not lost.
    const stream = pretty({
      colorize: setup.destination === undefined && process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      // One line per entry, led by who wrote it ("betting: feed started {…}"); errors keep their stack lines.
      singleLine: true,
      messageFormat: '{if plugin}{plugin}: {end}{if component}{component}: {end}{msg}',
      ignore: 'pid,hostname,plugin,component',
      sync: true,
      ...(setup.destination ? { destination: setup.destination } : {}),
    });
    return pino(options, stream);
  }
  return setup.destination ? pino(options, setup.destination) : pino(options);
}
