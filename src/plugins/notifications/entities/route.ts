import { EntitySchema } from '@mikro-orm/core';

/** A server's channel for one notification type (`/notifications route`): where channel posts and DM fallbacks go. */
export interface RouteRow {
  guildId: string;
  type: string;
  channelId: string;
}

export const RouteSchema = new EntitySchema<RouteRow>({
  name: 'NotificationRoute',
  tableName: 'notification_routes',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    type: { type: 'string', length: 32, primary: true },
    channelId: { type: 'string', length: 32 },
  },
});
