import { definePlugin } from 'dbsbm';
import { notificationsCommand } from './commands/notifications-command.ts';
import { ContactSchema } from './entities/contact.ts';
import { DeliverySchema } from './entities/delivery.ts';
import { DigestSchema } from './entities/digest.ts';
import { KeySchema } from './entities/key.ts';
import { MemberSchema } from './entities/member.ts';
import { NotificationSchema } from './entities/notification.ts';
import { PushSubscriptionSchema } from './entities/push-subscription.ts';
import { RouteSchema } from './entities/route.ts';
import { TrackingEventSchema } from './entities/tracking-event.ts';
import { notificationsEndpoints } from './endpoints/index.ts';
import { createNotificationTables } from './migrations/Migration20261207200000_notifications.ts';
import { notificationOptions } from './options.ts';
import { linkRoutes } from './routes/link-routes.ts';
import { closeChannels, openChannels } from './services/channel-registry.ts';
import { deliverBatch, deliveryBackoff, DELIVERY_ATTEMPTS } from './services/deliver.ts';
import { closeDigest, DIGEST_JOB } from './services/digest-close.ts';
import { DELIVER_DIRECT_JOB, DELIVER_JOB } from './services/raise.ts';
import { raiseNow } from './services/raise-now.ts';
import { onBetSettled } from './sources/bet-results.ts';
import { onOddsMoved } from './sources/price-moves.ts';
import { onBetPlaced } from './sources/reminders.ts';

/**
 * Notifications (seed 3.5.2): what members are told — bet results, price alerts, kick-off reminders, achievements,
 * responsible-play notes, system notices, failed schedules, announcements — through Discord DMs and channels, e-mail,
 * browser push and text messages, by each member's choices, quiet hours and digests, durably and paced. Premium.
 * Any plugin raises one with the `notification.requested` event. See README.md beside this file and docs/notifications.md.
 */
export default definePlugin({
  name: 'notifications',
  version: '1.0.0',
  description: 'Bet results, price alerts and reminders by DM, channel, e-mail, browser push and text, as each member chooses',
  tier: 'premium',
  requires: ['betting'],
  options: notificationOptions,
  entities: [NotificationSchema, DeliverySchema, TrackingEventSchema, ContactSchema, PushSubscriptionSchema, DigestSchema, RouteSchema, KeySchema, MemberSchema],
  migrations: [createNotificationTables],
  commands: (ctx) => [notificationsCommand(ctx)],
  endpoints: (ctx) => notificationsEndpoints(ctx),
  rootRoutes: (router, ctx) => linkRoutes(router, ctx),
  subscribers: {
    'notification.requested': async (request, ctx) => void (await raiseNow(ctx, request, 'requested')),
    'bet.settled': (e, ctx) => onBetSettled(ctx, e),
    'bet.placed': (e, ctx) => onBetPlaced(ctx, e),
  },
  jobs: {
    [DELIVER_JOB]: {
      batch: { size: 100, concurrency: 2, handler: (runs, ctx) => deliverBatch(ctx, runs) },
      maxAttempts: DELIVERY_ATTEMPTS,
      backoff: deliveryBackoff,
    },
    [DELIVER_DIRECT_JOB]: {
      // Mostly waiting on SMTP and push services: more batches in flight keep the pooled connections busy.
      batch: { size: 100, concurrency: 4, handler: (runs, ctx) => deliverBatch(ctx, runs) },
      maxAttempts: DELIVERY_ATTEMPTS,
      backoff: deliveryBackoff,
    },
    [DIGEST_JOB]: { maxAttempts: 10, handler: async (run, ctx) => closeDigest(ctx, (run.payload as { digestId: number }).digestId) },
  },
  async setup(ctx) {
    await openChannels(ctx);
    // Prices have no server: the handler finds the servers whose members hold bets on the game (and checks each gate).
    ctx.events.subscribe('odds.moved', (e, meta) => onOddsMoved(ctx, e, meta));
  },
  teardown(ctx) {
    closeChannels(ctx);
  },
});
