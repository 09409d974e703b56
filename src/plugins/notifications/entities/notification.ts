import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ChannelName, NotificationType } from '../channels/types.ts';

/** One notification for one recipient (a member, or a server's admins), however many channels carry it. */
export interface NotificationRow {
  id: number;
  guildId: string;
  /** The member; null for the admins of a server (its owner and routed channel). */
  userId: string | null;
  type: NotificationType;
  /** sha256 of guild, recipient, type and the raiser's key: a request raised twice makes one row. */
  dedupeKey: string;
  title: string;
  body: string;
  url: string | null;
  fields: { name: string; value: string }[] | null;
  critical: boolean;
  /** The plugin that raised it. */
  source: string;
  /** Channels chosen when it was raised, in the order tried. */
  channels: ChannelName[];
  data: Record<string, string | number | boolean | null> | null;
  createdAt: number;
  /** Not before (epoch ms): quiet hours and reminders push it later. */
  sendAt: number;
}

export const NotificationSchema = new EntitySchema<NotificationRow>({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32, nullable: true },
    type: { type: 'string', length: 32 },
    dedupeKey: { type: 'string', length: 64, unique: true },
    title: { type: 'string', length: 256 },
    body: { type: 'text' },
    url: { type: 'string', length: 512, nullable: true },
    fields: { type: 'json', nullable: true },
    critical: { type: 'boolean', default: false },
    source: { type: 'string', length: 64 },
    channels: { type: 'json' },
    data: { type: 'json', nullable: true },
    createdAt: { type: new BigIntType('number') },
    sendAt: { type: new BigIntType('number') },
  },
  indexes: [{ properties: ['guildId', 'createdAt'] }],
});
