import type { DbsbmEvents } from '../../index.ts';

export type { DbsbmEvents };

export type EventName = keyof DbsbmEvents;
export type EventPayload<K extends EventName> = DbsbmEvents[K];

/** What a subscriber receives beside the payload. */
export interface EventMeta {
  id: string;
  name: EventName;
  guildId: string | null;
  publishedAt: number;
  /** The instance that published it. */
  origin: string;
}

export type Subscriber<K extends EventName> = (payload: EventPayload<K>, meta: EventMeta) => void | Promise<void>;
