import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * A member's digest window for one key (odds alerts on one game and market): the first alert opens it, later ones
 * join it, a job closes it at `windowEnd` and sends one message. `openKey` is set only while open, so a unique index
 * on it lets two alerts of the same second agree on one window.
 */
export interface DigestRow {
  id: number;
  guildId: string;
  userId: string;
  digestKey: string;
  openKey: string | null;
  items: unknown[];
  windowEnd: number;
  createdAt: number;
}

export const DigestSchema = new EntitySchema<DigestRow>({
  name: 'NotificationDigest',
  tableName: 'notification_digests',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    digestKey: { type: 'string', length: 191 },
    openKey: { type: 'string', length: 64, nullable: true, unique: true },
    items: { type: 'json' },
    windowEnd: { type: new BigIntType('number') },
    createdAt: { type: new BigIntType('number') },
  },
});
