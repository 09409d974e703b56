import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.ts';
import { defaultBackoff, withJitter } from './backoff.ts';
import type { JobRow, JobStore } from './store.ts';
import { PermanentJobError, RetryLaterError, type JobDefinition } from './types.ts';

/** A job handler as registered by the plugin manager, with the context to call it with. */
export interface RegisteredJob {
  plugin: string;
  name: string;
  definition: JobDefinition<never>;
  ctx: unknown;
}

export interface JobRunnerOptions {
  store: JobStore;
  logger: Logger;
  metrics: Metrics;
  /** Identifies this worker in leases (unique per instance). */
  workerId: string;
  /** Whether plugin P is on for guild G (the gate). */
  gate: (plugin: string, guildId: string) => Promise<boolean>;
  /** How long a claim holds before another worker may take the job. @default 30000 */
  leaseMs?: number;
  /** How often to look for due jobs. @default 500 */
  pollMs?: number;
  /** Jobs run at once. @default 4 */
  concurrency?: number;
}

const key = (plugin: string, name: string): string => `${plugin}/${name}`;

/**
 * Claims due jobs with a lease and runs their handlers: done, retried with backoff and jitter, dead-lettered after
 * the last attempt, or skipped when the plugin is off for the job's guild. A worker that dies keeps nothing: its
 * leases expire and another worker runs the job again with the same idempotency key.
 */
export class JobRunner {
  readonly #jobs = new Map<string, RegisteredJob>();
  readonly #inFlight = new Map<number, { job: JobRow; token: string; done: Promise<void> }>();
  #timer?: NodeJS.Timeout;
  #stopping = false;
  #started = false;
  #looping = false;
  #claims = 0;
  #claimFailures = 0;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #concurrency: number;

  constructor(private readonly options: JobRunnerOptions) {
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 500;
    this.#concurrency = options.concurrency ?? 4;
  }

  register(job: RegisteredJob): void {
    this.#jobs.set(key(job.plugin, job.name), job);
  }

  has(plugin: string, name: string): boolean {
    return this.#jobs.has(key(plugin, name));
  }

  definition(plugin: string, name: string): JobDefinition<never> | undefined {
    return this.#jobs.get(key(plugin, name))?.definition;
  }

  start(): void {
    this.#stopping = false;
    this.#started = true;
    this.#schedule(0);
  }

  // A tick that claimed jobs, or a job that finished, looks again at once: a busy queue drains without waiting for
  // the poll, and an idle one costs one query per poll interval.
  #schedule(delayMs: number): void {
    if (this.#stopping || !this.#started) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#loop(), delayMs);
  }

  // While the database is unreachable the worker backs off (up to 5 s between tries) and logs the outage once, then
  // once more when it is over, instead of an error every poll.
  async #loop(): Promise<void> {
    if (this.#looping || this.#stopping) return;
    this.#looping = true;
    let claimed = 0;
    let failed = false;
    try {
      claimed = await this.tick();
    } catch (err) {
      failed = true;
      this.#claimFailures += 1;
      if (this.#claimFailures === 1) this.options.logger.error({ err }, 'job worker could not claim jobs; retrying with backoff until the database answers');
      else this.options.logger.debug({ err, failures: this.#claimFailures }, 'job worker still cannot claim jobs');
    } finally {
      this.#looping = false;
    }
    if (!failed && this.#claimFailures > 0) {
      this.options.logger.info({ failures: this.#claimFailures }, 'job worker reaches the database again');
      this.#claimFailures = 0;
    }
    const delay = failed ? Math.min(5_000, this.#pollMs * 2 ** Math.min(this.#claimFailures, 10)) : claimed > 0 ? 0 : this.#pollMs;
    this.#schedule(delay);
  }

  /** Claims what fits in the free slots and starts it; does not wait for the handlers. */
  async tick(): Promise<number> {
    const free = this.#concurrency - this.#inFlight.size;
    if (free <= 0 || this.#stopping) return 0;
    const token = `${this.options.workerId}:${++this.#claims}`.slice(0, 64);
    const jobs = await this.options.store.claim(token, free, this.#leaseMs);
    for (const job of jobs) {
      const done = this.#run(job, token).finally(() => {
        this.#inFlight.delete(job.id);
        this.#schedule(0);
      });
      this.#inFlight.set(job.id, { job, token, done });
    }
    return jobs.length;
  }

  /** Runs every due job to its end (for tests and the CLI): claims until nothing is due and nothing runs. */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const claimed = await this.tick();
      const running = [...this.#inFlight.values()].map((f) => f.done);
      if (claimed === 0 && running.length === 0) return;
      await Promise.all(running);
    }
  }

  /**
   * Stops claiming, waits up to `graceMs` for running handlers, then gives back the leases of any still running
   * so another instance picks them up at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    const running = [...this.#inFlight.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((r) => r.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    for (const { job, token } of this.#inFlight.values()) {
      await this.options.store.release(job, token).catch(() => false);
    }
  }

  /**
   * Runs one job and records its outcome. Never rejects: when the outcome cannot be written (the database is down,
   * a SQLite lock outlasts the busy timeout), the failure is logged and the lease is left to expire, so the job runs
   * again once the database is back, with the same idempotency key. A second database error in a failure path used
   * to be an unhandled rejection that killed the process.
   */
  async #run(job: JobRow, token: string): Promise<void> {
    const { store, logger, metrics } = this.options;
    const labels = { plugin: job.plugin, name: job.name };
    const registered = this.#jobs.get(key(job.plugin, job.name));
    const log = logger.child({ plugin: job.plugin, job: job.name, jobId: job.id, attempt: job.attempts });
    const renew = setInterval(() => {
      void store.renew(job, token, Date.now() + this.#leaseMs).catch(() => false);
    }, Math.max(50, Math.floor(this.#leaseMs / 3)));
    let outcome: { kind: 'done' | 'skipped' } | { kind: 'failed'; err: unknown };
    try {
      if (!registered) throw new Error(`no handler is registered for job "${job.name}" of plugin "${job.plugin}"`);
      if (job.attempts > job.maxAttempts) throw new PermanentJobError(`gave up after ${job.maxAttempts} attempts`);
      if (job.guildId !== null && !(await this.options.gate(job.plugin, job.guildId))) {
        outcome = { kind: 'skipped' };
      } else {
        await registered.definition.handler(
          {
            id: job.id,
            plugin: job.plugin,
            name: job.name,
            guildId: job.guildId,
            payload: job.payload,
            attempt: job.attempts,
            idempotencyKey: job.idempotencyKey ?? `job:${job.id}`,
          },
          registered.ctx as never,
        );
        outcome = { kind: 'done' };
      }
    } catch (err) {
      outcome = { kind: 'failed', err };
    } finally {
      clearInterval(renew);
    }
    try {
      await this.#record(job, token, registered, outcome, log);
    } catch (err) {
      metrics.jobs.inc({ ...labels, outcome: 'unrecorded' });
      log.error(
        { err, outcome: outcome.kind },
        `could not record the outcome of job "${job.name}" of plugin "${job.plugin}"; its lease expires and it runs again`,
      );
    }
  }

  async #record(
    job: JobRow,
    token: string,
    registered: RegisteredJob | undefined,
    outcome: { kind: 'done' | 'skipped' } | { kind: 'failed'; err: unknown },
    log: Logger,
  ): Promise<void> {
    const { store, metrics } = this.options;
    const labels = { plugin: job.plugin, name: job.name };
    if (outcome.kind !== 'failed') {
      await store.finish(job, token, outcome.kind);
      metrics.jobs.inc({ ...labels, outcome: outcome.kind });
      return;
    }
    const { err } = outcome;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const lastTry = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    if (lastTry) {
      await store.fail(job, token, message, null);
      metrics.jobs.inc({ ...labels, outcome: 'dead' });
      log.error({ err }, `job "${job.name}" of plugin "${job.plugin}" is dead after ${job.attempts} attempt(s)`);
      return;
    }
    const backoff = registered?.definition.backoff ?? defaultBackoff;
    const delay = err instanceof RetryLaterError ? err.delayMs : withJitter(backoff(job.attempts));
    await store.fail(job, token, message, Date.now() + delay);
    metrics.jobs.inc({ ...labels, outcome: 'retried' });
    log.warn({ err, retryInMs: delay }, `job "${job.name}" of plugin "${job.plugin}" failed; retrying`);
  }
}
