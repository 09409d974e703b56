import { pino, type Logger, type LoggerOptions } from 'pino';

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

/** Creates the process logger; plugins get children of it carrying their name. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid }, ...options });
}
