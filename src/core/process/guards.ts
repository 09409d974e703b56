import type { Logger } from 'pino';

export type ProcessErrorKind = 'unhandledRejection' | 'uncaughtException';

/**
 * The last line of defence for a long-running bot: an error nothing caught (a rejected promise in a background
 * loop, an `error` event with no listener) is logged with its stack and counted, and the process keeps serving.
 * Every known loop handles its own failures; this guard exists so that one missed path costs a log line, not every
 * guild's bot. Node's default would exit, dropping in-flight commands and webhooks (issue 13, finding 1).
 * @returns a function that removes the guards (for tests)
 */
export function installProcessGuards(logger: Logger, onError: (kind: ProcessErrorKind) => void = () => undefined): () => void {
  const rejection = (reason: unknown): void => {
    onError('unhandledRejection');
    logger.error({ err: reason }, 'unhandled promise rejection (a bug: please report it); the process keeps running');
  };
  const exception = (err: Error): void => {
    onError('uncaughtException');
    logger.fatal({ err }, 'uncaught exception (a bug: please report it); the process keeps running');
  };
  process.on('unhandledRejection', rejection);
  process.on('uncaughtException', exception);
  return () => {
    process.off('unhandledRejection', rejection);
    process.off('uncaughtException', exception);
  };
}
