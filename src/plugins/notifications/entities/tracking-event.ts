import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** What happened to a notification on a channel, for `/notifications stats`: sent, delivered, failed, opened, clicked. */
export interface TrackingEventRow {
  id: number;
  guildId: string;
  notificationId: number;
  type: string;
  channel: string;
  kind: 'sent' | 'delivered' | 'failed' | 'opened' | 'clicked';
  at: number;
}

export const TrackingEventSchema = new EntitySchema<TrackingEventRow>({
  name: 'NotificationEvent',
  tableName: 'notification_events',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    notificationId: { type: 'number' },
    type: { type: 'string', length: 32 },
    channel: { type: 'string', length: 16 },
    kind: { type: 'string', length: 16 },
    at: { type: new BigIntType('number') },
  },
  indexes: [{ properties: ['guildId', 'at'] }],
});
