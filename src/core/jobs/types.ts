/** What a job handler receives. */
export interface JobRun<P = unknown> {
  id: number;
  plugin: string;
  name: string;
  guildId: string | null;
  payload: P;
  /** 1 on the first try. */
  attempt: number;
  /** Stable across retries: pass it on to whatever you call so the effect happens once. */
  idempotencyKey: string;
}

/**
 * A durable job of a plugin.
 * @example
 * jobs: { remind: { handler: async (run, ctx) => { … }, maxAttempts: 5 } }
 */
export interface JobDefinition<C = unknown> {
  handler: (run: JobRun, ctx: C) => Promise<void> | void;
  /** Tries before the job is dead-lettered. @default 8 */
  maxAttempts?: number;
  /** Delay before retry `attempt` (1-based) in ms; jitter is added. @default exponential from 1 s, capped at 1 h */
  backoff?: (attempt: number) => number;
  /** A cron pattern (croner syntax, seconds optional): the job runs once per tick across all instances. */
  cron?: string;
  /** Time zone of the cron pattern. @default 'UTC' */
  timezone?: string;
}

export interface EnqueueOptions {
  guildId?: string | null;
  /** Makes the enqueue idempotent: a second job with the same key is ignored. */
  idempotencyKey?: string;
  /** When to run it (epoch ms). @default now */
  runAt?: number;
  maxAttempts?: number;
}

/** Throw from a handler to retry at a chosen time (e.g. a `Retry-After`). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Throw from a handler when retrying cannot help: the job is dead-lettered at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
