import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * One thing a consenting member did (the seed's `user_analytics`). Written only for members whose
 * `analytics_consent` is on; nothing is recorded, not even an id, for anyone else.
 */
export interface UserAnalyticsEvent {
  id: number;
  userId: string;
  guildId: string;
  /** e.g. `bet.placed`, `bet.settled`. */
  eventType: string;
  /** Identifies the event it records, so a redelivered event is recorded once. */
  eventKey: string | null;
  eventData: Record<string, unknown> | null;
  /** Epoch ms. */
  timestamp: number;
}

export const UserAnalyticsSchema = new EntitySchema<UserAnalyticsEvent>({
  name: 'AnalyticsUserEvent',
  tableName: 'user_analytics',
  indexes: [
    { name: 'idx_user_guild_time', properties: ['userId', 'guildId', 'timestamp'] },
    { name: 'idx_event_type_time', properties: ['eventType', 'timestamp'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    userId: { type: 'string', length: 32 },
    guildId: { type: 'string', length: 32 },
    eventType: { type: 'string', length: 50 },
    eventKey: { type: 'string', length: 191, nullable: true, unique: 'user_analytics_event_key_unique' },
    eventData: { type: 'json', nullable: true },
    timestamp: { type: new BigIntType('number') },
  },
});
