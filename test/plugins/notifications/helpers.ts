import { setTimeout as sleep } from 'node:timers/promises';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import notifications from '../../../src/plugins/notifications/index.ts';
import type { NotificationsContext } from '../../../src/plugins/notifications/services/context.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { startPushService, type PushService } from '../../helpers/push-service.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { startTwilioReceiver, type TwilioReceiver } from '../../helpers/twilio-receiver.ts';

export const LINK_SECRET = 'notifications-test-secret-0123456789-abcdef';
export const SMS_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const SMS_TOKEN = 'twilio-test-token-0123456789';

/** A bot with betting and notifications, every channel configured against real servers on loopback. */
export interface NotificationWorld {
  bot: TestBot;
  ctx: NotificationsContext;
  betting: BettingContext;
  smtp: SmtpSink;
  push: PushService;
  sms: TwilioReceiver;
  close(): Promise<void>;
}

export async function startNotificationWorld(options: { discordPerSecond?: number } = {}): Promise<NotificationWorld> {
  const [smtp, push, sms] = await Promise.all([startSmtpSink(), startPushService(), startTwilioReceiver({ accountSid: SMS_SID, authToken: SMS_TOKEN })]);
  const bot = await createTestBot({
    tier: 'premium',
    plugins: [
      { plugin: betting },
      {
        plugin: notifications,
        options: {
          linkSecret: LINK_SECRET,
          publicUrl: 'http://bot.example',
          email: { url: smtp.url, from: 'DBSBM <bot@example.com>' },
          push: { subject: 'mailto:ops@example.com', ca: push.ca },
          sms: { baseUrl: sms.url, accountSid: SMS_SID, authToken: SMS_TOKEN, from: '+15005550006' },
          ...(options.discordPerSecond ? { discordPerSecond: options.discordPerSecond } : {}),
        },
      },
    ],
  });
  return {
    bot,
    ctx: bot.app.contextOf('notifications') as unknown as NotificationsContext,
    betting: bot.app.contextOf('betting') as unknown as BettingContext,
    smtp,
    push,
    sms,
    async close() {
      await bot.close();
      await Promise.all([smtp.close(), push.close(), sms.close()]);
    },
  };
}

/** The path and query of a link made for `http://bot.example`, on the app's real port. */
export const local = (world: NotificationWorld, link: string): string => link.replace('http://bot.example', `http://127.0.0.1:${world.bot.app.port}`);

/** Polls `probe` until it returns something (20 s at most). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** DMs the bot sent a user. */
export const dmsOf = (world: NotificationWorld, userId: string) => world.bot.emulator.messages(world.bot.emulator.dmChannel(userId).id);

/** Delivery rows of a member's notifications. */
export const deliveriesOf = (world: NotificationWorld, userId: string) =>
  world.ctx.data.all<{ id: number; type: string; channel: string; status: string; error: string | null; send_at: number }>(
    'select n.id, n.type, d.channel, d.status, d.error, n.send_at from notifications n join notification_deliveries d on d.notification_id = n.id where n.user_id = ? order by n.id, d.id',
    [userId],
  );
