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
 * not 100,000 (the jobs table's indexes were most of its cost).
 */
export const DURABLE_EVENTS_PER_JOB = 100;

/** One event of a batch, as it is written again on its own when the batch cannot be delivered whole. */
export interface DurableEvent {
  event: EventName;
  id: string;
  payload: EventPayload<EventName>;
}

/**
 * Delivers durable events (written with `publishInTransaction`) through the bus. A worker that dies mid-delivery
 * leaves the job to run again: subscribers see the event at least once, always with the same id, so they can
 * make their own effects idempotent (webhook deliveries use it as the key). Subscribers run on the instance that runs
 * the job, once per deployment; other instances run only their `everyInstance` subscribers.
 *
 * When a subscriber fails on an event of a batch, that event and the ones after it are written as jobs of their own
 * (`split`) and the batch is done: the failing event retries alone, with its backoff and dead letter, and does not
 * hold up the others or take them with it.
 */
export function durableEventJob(bus: EventBus, split: (events: DurableEvent[]) => Promise<void>): JobDefinition<unknown> {
  return {
    maxAttempts: 20,
    handler: async (run) => {
      const job = run.payload as DurableEventPayload;
      const events = 'events' in job ? job.events : [{ id: job.id, payload: job.payload }];
      for (let i = 0; i < events.length; i++) {
        const { id, payload } = events[i]!;
        try {
          await bus.publish(job.event, payload, { id, rethrow: true, durable: true });
        } catch (err) {
          // A single event's failure fails its job, which retries: the event is never dropped on the floor.
          if (events.length === 1) throw err;
          await split(events.slice(i).map((e) => ({ event: job.event, id: e.id, payload: e.payload })));
          return;
        }
      }
    },
  };
}
