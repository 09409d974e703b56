import { LogLevel, type ILogger } from '@sapphire/framework';
import type { Logger } from 'pino';

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  [LogLevel.Trace]: 'trace',
  [LogLevel.Debug]: 'debug',
  [LogLevel.Info]: 'info',
  [LogLevel.Warn]: 'warn',
  [LogLevel.Error]: 'error',
  [LogLevel.Fatal]: 'fatal',
};

/** Sends Sapphire's log lines to pino, so there is one structured log with secrets redacted. */
export class PinoSapphireLogger implements ILogger {
  constructor(private readonly logger: Logger) {}

  has(level: LogLevel): boolean {
    const name = LEVELS[level];
    return name !== undefined && this.logger.isLevelEnabled(name);
  }

  trace(...values: readonly unknown[]): void {
    this.write(LogLevel.Trace, ...values);
  }
  debug(...values: readonly unknown[]): void {
    this.write(LogLevel.Debug, ...values);
  }
  info(...values: readonly unknown[]): void {
    this.write(LogLevel.Info, ...values);
  }
  warn(...values: readonly unknown[]): void {
    this.write(LogLevel.Warn, ...values);
  }
  error(...values: readonly unknown[]): void {
    this.write(LogLevel.Error, ...values);
  }
  fatal(...values: readonly unknown[]): void {
    this.write(LogLevel.Fatal, ...values);
  }

  write(level: LogLevel, ...values: readonly unknown[]): void {
    const name = LEVELS[level];
    if (!name) return;
    const err = values.find((v) => v instanceof Error);
    const text = values.filter((v) => !(v instanceof Error)).map(String).join(' ');
    this.logger[name](err ? { err } : {}, text);
  }
}
