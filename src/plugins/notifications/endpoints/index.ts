import { defineRoute, type ApiRoute } from 'dbsbm';
import { z } from 'zod';
import { CHANNELS, NOTIFICATION_TYPES } from '../channels/types.ts';
import { announce } from '../services/announce.ts';
import type { NotificationsContext } from '../services/context.ts';
import { serverRoutes, setServerRoute } from '../services/server-routes.ts';
import { notificationStats } from '../services/stats.ts';

const snowflake = z.string().regex(/^\d{5,25}$/, 'a Discord channel id');
const routesShape = z.partialRecord(z.enum(NOTIFICATION_TYPES), snowflake).meta({ id: 'NotificationRoutes', description: 'Channel id per notification type.' });

/**
 * The notifications plugin's routes of the public API, under `/api/v1/notifications`: the server's channel per type,
 * announcements, and delivery figures. Members' own choices are theirs alone: they change them in Discord or through
 * the unsubscribe link, never through a server's key.
 */
export function notificationsEndpoints(ctx: NotificationsContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/routes',
      operationId: 'getNotificationRoutes',
      summary: "The server's channel per notification type",
      description: 'Where each type is posted in the server (and where DMs that cannot be delivered fall back), as `/notifications route` sets it.',
      response: routesShape,
      handler: ({ guildId }) => serverRoutes(ctx, guildId),
    }),
    defineRoute({
      method: 'patch',
      path: '/routes',
      operationId: 'setNotificationRoutes',
      summary: "Set the server's channel per notification type",
      description: 'Sets the channel of each type given; `null` stops posting that type. Types left out keep their channel.',
      body: z.partialRecord(z.enum(NOTIFICATION_TYPES), snowflake.nullable()).meta({ id: 'NotificationRoutesChange' }),
      response: routesShape,
      async handler({ guildId, body }) {
        for (const [type, channelId] of Object.entries(body)) await setServerRoute(ctx, guildId, type as (typeof NOTIFICATION_TYPES)[number], channelId ?? null);
        return serverRoutes(ctx, guildId);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/announcements',
      operationId: 'sendNotificationAnnouncement',
      summary: 'Announce something to the server',
      description: 'As `/notifications send`: to every member who takes server announcements, by their own channels and quiet hours, and to the announcements channel if one is set. Send an `Idempotency-Key` so a retry does not announce twice.',
      body: z
        .object({
          title: z.string().trim().min(1).max(200),
          body: z.string().trim().min(1).max(1800),
          url: z.url({ protocol: /^https$/ }).max(512).optional(),
        })
        .strict()
        .meta({ id: 'NotificationAnnouncement' }),
      response: z.object({ members: z.number().int() }).meta({ id: 'NotificationAnnouncementResult' }),
      handler: ({ guildId, body }) => announce(ctx, guildId, { ...body, key: `api:${Date.now()}:${Math.random().toString(36).slice(2)}` }),
    }),
    defineRoute({
      method: 'get',
      path: '/stats',
      operationId: 'getNotificationStats',
      summary: 'Delivery figures per type and channel',
      description: 'Sent, delivered, failed, opened (e-mail) and clicked, per type and channel, over the last `days` days.',
      query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
      response: z
        .object({
          data: z.array(
            z.object({
              type: z.enum(NOTIFICATION_TYPES),
              channel: z.enum(CHANNELS),
              sent: z.number().int(),
              delivered: z.number().int(),
              failed: z.number().int(),
              opened: z.number().int(),
              clicked: z.number().int(),
            }),
          ),
        })
        .meta({ id: 'NotificationStats' }),
      handler: async ({ guildId, query }) => ({ data: await notificationStats(ctx, guildId, Date.now() - query.days * 86_400_000) }),
    }),
  ];
}
