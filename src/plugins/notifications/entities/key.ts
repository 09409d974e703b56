import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Values the plugin makes once and keeps (the VAPID key pair; the private key sealed). */
export interface KeyRow {
  name: string;
  value: string;
  createdAt: number;
}

export const KeySchema = new EntitySchema<KeyRow>({
  name: 'NotificationKey',
  tableName: 'notification_keys',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    value: { type: 'text' },
    createdAt: { type: new BigIntType('number') },
  },
});
