import type { EventBus } from './bus.ts';
import type { EventName, EventPayload } from './types.ts';
import type { JobDefinition } from '../jobs/types.ts';

/** The core job that delivers a durable event once its transaction has committed. */
export const DURABLE_EVENT_JOB = 'event';

/** What one durable event job carries: one event (written before 0.5.0), or a batch of events of one name. */
type DurableEventPayload =
  | { id: string; event: EventName; payload: EventPayload<EventName> }
  | { event: EventName; events: { id: string; payload: EventPayload<EventName> }[] };

/**
 * Events of one `publishManyInTransaction` call written per job row. A settlement of 100,000 bets writes 1,000 rows,
 * not 100,000 (the jobs table's indexes were most of its cost); a failing subscriber retries its whole batch, which
 * at-least-once delivery with stable ids already allows.
 */
export const DURABLE_EVENTS_PER_JOB = 100;

/**
 * Delivers durable events (written with `publishInTransaction`) through the bus. A worker that dies mid-delivery
 * leaves the job to run again: subscribers see the event at least once, always with the same id, so they can
 * make their own effects idempotent (webhook deliveries use it as the key). Subscribers run on the instance that runs
 * the job, once per deployment; other instances run only their `everyInstance` subscribers.
 */
export function durableEventJob(bus: EventBus): JobDefinition<unknown> {
  return {
    maxAttempts: 20,
    handler: async (run) => {
      const job = run.payload as DurableEventPayload;
      const events = 'events' in job ? job.events : [{ id: job.id, payload: job.payload }];
      // A subscriber that fails fails the job, which retries: the event is never dropped on the floor.
      for (const { id, payload } of events) await bus.publish(job.event, payload, { id, rethrow: true, durable: true });
    },
  };
}
