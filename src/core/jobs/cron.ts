import { Cron } from 'croner';
import type { Logger } from 'pino';

export interface CronSpec {
  plugin: string;
  name: string;
  pattern: string;
  timezone?: string;
  /** Enqueues the job for one tick; the idempotency key makes the enqueue happen once across instances. */
  enqueue: (idempotencyKey: string, tickAt: number) => Promise<void>;
}

/**
 * Schedules cron jobs. Every instance ticks, but each tick only enqueues a durable job keyed by the tick's time,
 * so the unique key in the job table is the lease: exactly one instance's enqueue lands, and the job then has the
 * job table's retries and dead-letter like any other.
 */
export class CronScheduler {
  readonly #crons: Cron[] = [];

  constructor(private readonly logger: Logger) {}

  add(spec: CronSpec): void {
    const cron = new Cron(spec.pattern, { timezone: spec.timezone ?? 'UTC', protect: true, catch: true }, async () => {
      // Rounded to the second so instances whose timers fire a few ms apart agree on the tick.
      const tickAt = Math.round(Date.now() / 1000) * 1000;
      const key = `cron:${spec.plugin}:${spec.name}:${new Date(tickAt).toISOString()}`;
      try {
        await spec.enqueue(key, tickAt);
      } catch (err) {
        this.logger.error({ err, plugin: spec.plugin, job: spec.name }, 'could not enqueue a cron tick');
      }
    });
    this.#crons.push(cron);
  }

  stop(): void {
    for (const cron of this.#crons) cron.stop();
    this.#crons.length = 0;
  }
}
