import type { EntityManager } from '@mikro-orm/knex';

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
 * A durable job of a plugin: give `handler` (one run at a time) or `batch` (many runs at once), not both.
 * @example
 * jobs: { remind: { handler: async (run, ctx) => { … }, maxAttempts: 5 } }
 */
export interface JobDefinition<C = unknown> {
  /** Runs one job. Resolving marks it done; throwing retries it (see {@link RetryLaterError}, {@link PermanentJobError}). */
  handler?: (run: JobRun, ctx: C) => Promise<void> | void;
  /**
   * Opt-in batch handling for jobs that come in floods (deliveries, notifications): the worker claims up to
   * `batch.size` due jobs of this kind in one statement, hands them to `batch.handler` together, and records every
   * outcome, with the handler's own rows, in one transaction.
   * @since 0.5.0
   */
  batch?: JobBatch<C>;
  /** Tries before the job is dead-lettered. @default 8 */
  maxAttempts?: number;
  /** Delay before retry `attempt` (1-based) in ms; jitter is added. @default exponential from 1 s, capped at 1 h */
  backoff?: (attempt: number) => number;
  /** A cron pattern (croner syntax, seconds optional): the job runs once per tick across all instances. */
  cron?: string;
  /** Time zone of the cron pattern. @default 'UTC' */
  timezone?: string;
}

/**
 * How a job kind is handled many runs at a time ({@link JobDefinition.batch}). The runs of a batch share one claim,
 * one lease (renewed together) and one transaction for their outcomes; the gate, attempts, backoff, `RetryLaterError`
 * and `PermanentJobError` apply to each run as they do to a single job. If that transaction fails (the database is
 * down, a lock outlasts the busy timeout), nothing of it is written, the leases expire and every run of the batch runs
 * again with the same idempotency key.
 * @example
 * jobs: {
 *   deliver: {
 *     maxAttempts: 9,
 *     batch: {
 *       size: 64,
 *       handler: async (runs, ctx) => {
 *         const results = await Promise.all(runs.map((run) => send(run.payload)));
 *         return {
 *           outcomes: results.map((r) => (r.ok ? undefined : new Error(r.reason))),
 *           write: (em) => ctx.data.run('insert into my_attempts (job_id) values (?)', [runs[0]!.id], em),
 *         };
 *       },
 *     },
 *   },
 * }
 * @since 0.5.0
 */
export interface JobBatch<C = unknown> {
  /** The most runs handed to `handler` at once. @default 64 */
  size?: number;
  /**
   * Batches of this kind handled at once by one worker. A batch holds its slot until its slowest run ends, so more than
   * one keeps a slow run from stalling the rest of the queue. @default 2
   */
  concurrency?: number;
  /** Handles the runs (1 to `size`, oldest first). Throwing fails every run with that error. */
  handler: (runs: JobRun[], ctx: C) => Promise<JobBatchResult>;
}

/** What a batch handler reports ({@link JobBatch.handler}). */
export interface JobBatchResult {
  /**
   * One entry per run, in the order the runs were given: `undefined` when the run is done, otherwise the error it
   * failed with, treated as if a single job's handler had thrown it.
   */
  outcomes: readonly unknown[];
  /**
   * The handler's own writes (attempt rows, counters), made in the transaction that records the outcomes, so both land
   * or neither does. Pass `em` to `ctx.data` calls.
   */
  write?: (em: EntityManager) => Promise<void>;
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
