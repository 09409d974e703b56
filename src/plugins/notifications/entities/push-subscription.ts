import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A browser a member turned push on in; removed when its push service says it is gone (404/410). */
export interface PushSubscriptionRow {
  id: number;
  userId: string;
  endpoint: string;
  /** sha256 of the endpoint: endpoints are long URLs, too long for a unique index. */
  endpointHash: string;
  p256dh: string;
  auth: string;
  createdAt: number;
}

export const PushSubscriptionSchema = new EntitySchema<PushSubscriptionRow>({
  name: 'NotificationPushSubscription',
  tableName: 'notification_push_subscriptions',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    userId: { type: 'string', length: 32, index: true },
    endpoint: { type: 'text' },
    endpointHash: { type: 'string', length: 64, unique: true },
    p256dh: { type: 'string', length: 128 },
    auth: { type: 'string', length: 64 },
    createdAt: { type: new BigIntType('number') },
  },
});
