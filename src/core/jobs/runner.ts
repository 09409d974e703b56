import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.ts';
import { defaultBackoff, withJitter } from './backoff.ts';
import type { JobKind, JobRow, JobStore } from './store.ts';
import { PermanentJobError, RetryLaterError, type JobBatchResult, type JobDefinition, type JobRun } from './types.ts';

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

type Outcome = { kind: 'done' | 'skipped' } | { kind: 'failed'; err: unknown };

/** A job kind with a batch handler: its own claims, up to `concurrency` batches of up to `size` runs at once. */
interface Lane {
  registered: RegisteredJob;
  kind: JobKind;
  size: number;
  concurrency: number;
  running: number;
}

const toRun = (job: JobRow): JobRun => ({
  id: job.id,
  plugin: job.plugin,
  name: job.name,
  guildId: job.guildId,
  payload: job.payload,
  attempt: job.attempts,
  idempotencyKey: job.idempotencyKey ?? `job:${job.id}`,
});

/**
 * Claims due jobs with a lease and runs their handlers: done, retried with backoff and jitter, dead-lettered after
 * the last attempt, or skipped when the plugin is off for the job's guild. A worker that dies keeps nothing: its
 * leases expire and another worker runs the job again with the same idempotency key.
 */
export class JobRunner {
  readonly #jobs = new Map<string, RegisteredJob>();
  readonly #lanes = new Map<string, Lane>();
  /** Every claimed job still held, single or in a batch (for `drain` and for `stop` to give leases back). */
  readonly #inFlight = new Map<number, { job: JobRow; token: string; done: Promise<void> }>();
  /** Single jobs in flight: what `concurrency` bounds. */
  #singles = 0;
  /** Finished single jobs waiting to be marked so, together (see `#finish`). */
  #finishes: { job: JobRow; token: string; status: 'done' | 'skipped'; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #timer?: NodeJS.Timeout;
  #stopping = false;
  #started = false;
  #looping = false;
  #again = false;
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
    const { definition } = job;
    if (!definition.handler === !definition.batch) {
      throw new Error(`job "${job.name}" of plugin "${job.plugin}" needs either a handler or a batch handler (one of them, not both)`);
    }
    const k = key(job.plugin, job.name);
    this.#jobs.set(k, job);
    if (definition.batch) {
      this.#lanes.set(k, {
        registered: job,
        kind: { plugin: job.plugin, name: job.name },
        size: Math.max(1, Math.floor(definition.batch.size ?? 64)),
        concurrency: Math.max(1, Math.floor(definition.batch.concurrency ?? 2)),
        running: 0,
      });
    }
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
    if (this.#stopping) return;
    if (this.#looping) {
      // A job finished during this tick: look again as soon as it ends, not a poll interval later.
      this.#again = true;
      return;
    }
    this.#looping = true;
    this.#again = false;
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
    const delay = failed ? Math.min(5_000, this.#pollMs * 2 ** Math.min(this.#claimFailures, 10)) : claimed > 0 || this.#again ? 0 : this.#pollMs;
    this.#schedule(delay);
  }

  #token(): string {
    return `${this.options.workerId}:${++this.#claims}`.slice(0, 64);
  }

  /**
   * Claims what fits in the free slots and starts it; does not wait for the handlers. Single jobs fill `concurrency`
   * slots; each batch kind claims its own batches (the single-job claim leaves those kinds to it).
   */
  async tick(): Promise<number> {
    if (this.#stopping) return 0;
    let claimed = 0;
    const free = this.#concurrency - this.#singles;
    if (free > 0) {
      const token = this.#token();
      const except = [...this.#lanes.values()].map((l) => l.kind);
      const jobs = await this.options.store.claim(token, free, this.#leaseMs, Date.now(), { except });
      for (const job of jobs) {
        this.#singles++;
        const done = this.#run(job, token).finally(() => {
          this.#singles--;
          this.#inFlight.delete(job.id);
          this.#schedule(0);
        });
        this.#inFlight.set(job.id, { job, token, done });
      }
      claimed += jobs.length;
    }
    for (const lane of this.#lanes.values()) {
      while (lane.running < lane.concurrency && !this.#stopping) {
        const token = this.#token();
        const jobs = await this.options.store.claim(token, lane.size, this.#leaseMs, Date.now(), { only: lane.kind });
        if (jobs.length === 0) break;
        lane.running++;
        const done = this.#runBatch(lane, jobs, token).finally(() => {
          lane.running--;
          for (const job of jobs) this.#inFlight.delete(job.id);
          this.#schedule(0);
        });
        for (const job of jobs) this.#inFlight.set(job.id, { job, token, done });
        claimed += jobs.length;
        // A short batch means the queue of this kind is empty for now: no point asking again in this tick.
        if (jobs.length < lane.size) break;
      }
    }
    return claimed;
  }

  /** Runs every due job to its end (for tests and the CLI): claims until nothing is due and nothing runs. */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const claimed = await this.tick();
      const running = [...new Set([...this.#inFlight.values()].map((f) => f.done))];
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
    const running = new Set([...this.#inFlight.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running),
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
    let outcome: Outcome;
    try {
      const handler = registered?.definition.handler;
      if (!handler) throw new Error(`no handler is registered for job "${job.name}" of plugin "${job.plugin}"`);
      if (job.attempts > job.maxAttempts) throw new PermanentJobError(`gave up after ${job.maxAttempts} attempts`);
      if (job.guildId !== null && !(await this.options.gate(job.plugin, job.guildId))) {
        outcome = { kind: 'skipped' };
      } else {
        await handler(toRun(job), registered.ctx as never);
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

  /**
   * Runs one batch of a lane and records every outcome, with the handler's own writes, in one transaction. Never
   * rejects: when that transaction fails, nothing of it is written, the failure is logged once for the batch and the
   * leases are left to expire, so every run of it runs again with the same idempotency key.
   */
  async #runBatch(lane: Lane, jobs: JobRow[], token: string): Promise<void> {
    const { store, logger, metrics } = this.options;
    const { registered } = lane;
    const labels = { plugin: registered.plugin, name: registered.name };
    const ids = jobs.map((j) => j.id);
    const renew = setInterval(() => {
      void store.renewMany(ids, token, Date.now() + this.#leaseMs).catch(() => 0);
    }, Math.max(50, Math.floor(this.#leaseMs / 3)));
    const outcomes = new Map<number, Outcome>();
    let result: JobBatchResult | undefined;
    try {
      const runnable: JobRow[] = [];
      for (const job of jobs) {
        if (job.attempts > job.maxAttempts) outcomes.set(job.id, { kind: 'failed', err: new PermanentJobError(`gave up after ${job.maxAttempts} attempts`) });
        else if (job.guildId !== null && !(await this.options.gate(job.plugin, job.guildId))) outcomes.set(job.id, { kind: 'skipped' });
        else runnable.push(job);
      }
      if (runnable.length > 0) {
        try {
          result = await registered.definition.batch!.handler(runnable.map(toRun), registered.ctx as never);
          if (result.outcomes.length !== runnable.length) {
            throw new Error(`the batch handler returned ${result.outcomes.length} outcome(s) for ${runnable.length} run(s)`);
          }
          runnable.forEach((job, i) => {
            const err = result!.outcomes[i];
            outcomes.set(job.id, err === undefined ? { kind: 'done' } : { kind: 'failed', err });
          });
        } catch (err) {
          result = undefined;
          for (const job of runnable) outcomes.set(job.id, { kind: 'failed', err });
        }
      }
    } catch (err) {
      // The gate could not answer (the database is down): nothing ran; the leases expire and the batch runs again.
      metrics.jobs.inc({ ...labels, outcome: 'unrecorded' }, jobs.length);
      logger.error({ err, ...labels, jobs: jobs.length }, `could not run a batch of job "${registered.name}" of plugin "${registered.plugin}"; its leases expire and it runs again`);
      return;
    } finally {
      clearInterval(renew);
    }
    const log = logger.child(labels);
    try {
      const now = Date.now();
      const counts = { done: 0, skipped: 0, dead: 0, retried: 0 };
      const notes: (() => void)[] = [];
      await store.transaction(async (em) => {
        await result?.write?.(em);
        const done = jobs.filter((j) => outcomes.get(j.id)!.kind === 'done').map((j) => j.id);
        const skipped = jobs.filter((j) => outcomes.get(j.id)!.kind === 'skipped').map((j) => j.id);
        await store.finishMany(em, done, token, 'done', now);
        await store.finishMany(em, skipped, token, 'skipped', now);
        counts.done = done.length;
        counts.skipped = skipped.length;
        for (const job of jobs) {
          const outcome = outcomes.get(job.id)!;
          if (outcome.kind !== 'failed') continue;
          const { message, delay } = this.#failure(job, registered, outcome.err);
          await store.failIn(em, job, token, message, delay === null ? null : now + delay, now);
          counts[delay === null ? 'dead' : 'retried']++;
          notes.push(() => this.#logFailure(log.child({ jobId: job.id, attempt: job.attempts }), job, outcome.err, delay));
        }
      });
      for (const [outcome, n] of Object.entries(counts)) if (n > 0) metrics.jobs.inc({ ...labels, outcome }, n);
      for (const note of notes) note();
    } catch (err) {
      metrics.jobs.inc({ ...labels, outcome: 'unrecorded' }, jobs.length);
      log.error(
        { err, jobs: jobs.length },
        `could not record the outcomes of a batch of job "${registered.name}" of plugin "${registered.plugin}"; their leases expire and they run again`,
      );
    }
  }

  /**
   * Marks a single job finished. The jobs that finish in the same turn of the event loop (a claim's jobs often do) are
   * marked in one transaction, one statement per claim: a commit is a log flush on MariaDB and a WAL sync on SQLite,
   * and one per job was most of a short job's cost. Resolves once written; rejects (for each of them) when it is not.
   */
  #finish(job: JobRow, token: string, status: 'done' | 'skipped'): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#finishes.push({ job, token, status, resolve, reject });
      if (this.#finishes.length === 1) setImmediate(() => void this.#flushFinishes());
    });
  }

  async #flushFinishes(): Promise<void> {
    const items = this.#finishes;
    this.#finishes = [];
    const { store } = this.options;
    try {
      if (items.length === 1) {
        const [only] = items;
        await store.finish(only!.job, only!.token, only!.status);
      } else {
        const groups = new Map<string, { token: string; status: 'done' | 'skipped'; ids: number[] }>();
        for (const item of items) {
          const k = `${item.status} ${item.token}`;
          const group = groups.get(k) ?? { token: item.token, status: item.status, ids: [] };
          group.ids.push(item.job.id);
          groups.set(k, group);
        }
        const now = Date.now();
        await store.transaction(async (em) => {
          for (const g of groups.values()) await store.finishMany(em, g.ids, g.token, g.status, now);
        });
      }
    } catch (err) {
      for (const item of items) item.reject(err);
      return;
    }
    for (const item of items) item.resolve();
  }

  /** What a failed run becomes: dead (`delay` null) after its last try or a `PermanentJobError`, else retried after `delay` ms. */
  #failure(job: JobRow, registered: RegisteredJob | undefined, err: unknown): { message: string; delay: number | null } {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (err instanceof PermanentJobError || job.attempts >= job.maxAttempts) return { message, delay: null };
    const backoff = registered?.definition.backoff ?? defaultBackoff;
    return { message, delay: err instanceof RetryLaterError ? err.delayMs : withJitter(backoff(job.attempts)) };
  }

  #logFailure(log: Logger, job: JobRow, err: unknown, retryInMs: number | null): void {
    if (retryInMs === null) log.error({ err }, `job "${job.name}" of plugin "${job.plugin}" is dead after ${job.attempts} attempt(s)`);
    else log.warn({ err, retryInMs }, `job "${job.name}" of plugin "${job.plugin}" failed; retrying`);
  }

  async #record(
    job: JobRow,
    token: string,
    registered: RegisteredJob | undefined,
    outcome: Outcome,
    log: Logger,
  ): Promise<void> {
    const { store, metrics } = this.options;
    const labels = { plugin: job.plugin, name: job.name };
    if (outcome.kind !== 'failed') {
      await this.#finish(job, token, outcome.kind);
      metrics.jobs.inc({ ...labels, outcome: outcome.kind });
      return;
    }
    const { err } = outcome;
    const { message, delay } = this.#failure(job, registered, err);
    await store.fail(job, token, message, delay === null ? null : Date.now() + delay);
    metrics.jobs.inc({ ...labels, outcome: delay === null ? 'dead' : 'retried' });
    this.#logFailure(log, job, err, delay);
  }
}
