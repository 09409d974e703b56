import type { EnqueueOptions } from 'dbsbm';
import type { WebhooksContext } from './context.ts';

/** One delivery job to write. */
export interface PendingDelivery {
  payload: unknown;
  options: EnqueueOptions;
}

interface Waiting {
  jobs: PendingDelivery[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes the delivery jobs of the fan-outs that arrive together (the job worker runs many durable events at once) in
 * one transaction instead of one each: on MariaDB a commit is a round trip and a log flush, on SQLite a write lock.
 * Each caller resolves once its jobs are committed (so its durable event is finished only then), and every caller of
 * a transaction that fails is rejected, so each of their events runs again; the job keys drop what was written twice.
 */
export class EnqueueBatcher {
  #waiting: Waiting[] = [];
  #scheduled = false;

  constructor(
    private readonly ctx: WebhooksContext,
    private readonly job: string,
  ) {}

  /** Resolves once `jobs` are written. */
  enqueue(jobs: PendingDelivery[]): Promise<void> {
    if (jobs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ jobs, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the I/O callbacks of this turn: the fan-outs started by one claim of the worker all arrive by then.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#scheduled = false;
    try {
      await this.ctx.data.transaction(async (em) => {
        for (const w of waiting) for (const j of w.jobs) await this.ctx.jobs.enqueue(em, this.job, j.payload, j.options);
      });
      for (const w of waiting) w.resolve();
    } catch (err) {
      for (const w of waiting) w.reject(err);
    }
  }
}
