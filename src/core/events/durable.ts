import type { EventBus } from './bus.ts';
import type { EventName, EventPayload } from './types.ts';
import type { JobDefinition } from '../jobs/types.ts';

/** The core job that delivers a durable event once its transaction has committed. */
export const DURABLE_EVENT_JOB = 'event';

interface DurableEventPayload {
  id: string;
  event: EventName;
  payload: EventPayload<EventName>;
}

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
      const { id, event, payload } = run.payload as DurableEventPayload;
      // A subscriber that fails fails the job, which retries: the event is never dropped on the floor.
      await bus.publish(event, payload, { id, rethrow: true, durable: true });
    },
  };
}
