import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ChannelName, NotificationType } from '../channels/types.ts';

/** Where one notification stands on one channel: one durable job per row, keyed `n:<id>:<channel>`. */
export interface DeliveryRow {
  id: number;
  notificationId: number;
  guildId: string;
  type: NotificationType;
  channel: ChannelName;
  /** queued → delivered | failed | skipped (not sent: nobody to send to, no longer relevant). */
  status: 'queued' | 'delivered' | 'failed' | 'skipped';
  providerId: string | null;
  error: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

export const DeliverySchema = new EntitySchema<DeliveryRow>({
  name: 'NotificationDelivery',
  tableName: 'notification_deliveries',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    notificationId: { type: 'number' },
    guildId: { type: 'string', length: 32 },
    type: { type: 'string', length: 32 },
    channel: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    providerId: { type: 'string', length: 191, nullable: true },
    error: { type: 'string', length: 500, nullable: true },
    attempts: { type: 'number', default: 0 },
    createdAt: { type: new BigIntType('number') },
    updatedAt: { type: new BigIntType('number') },
  },
  uniques: [{ properties: ['notificationId', 'channel'] }],
});
