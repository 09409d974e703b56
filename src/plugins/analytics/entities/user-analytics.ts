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
    eventData: { type: 'json', nullable: true },
    timestamp: { type: new BigIntType('number') },
  },
});
