/** One log method in pino's `(object, message)` form. */
export type FeedLogFn = (obj: Record<string, unknown>, msg: string) => void;

/**
 * The subset of a pino logger the feeds use, so a plugin can pass its own child logger and tests can pass
 * a recorder. Feeds never put secrets (API keys) in either argument.
 */
export interface FeedLogger {
  debug: FeedLogFn;
  info: FeedLogFn;
  warn: FeedLogFn;
  error: FeedLogFn;
}

/** A logger that drops everything: the default where a feed has nothing worth saying unless asked. */
export const silentFeedLogger: FeedLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
