import { z } from 'zod';

/** Options from plugins.config.ts. Every channel but Discord is off until it is configured. */
export const notificationOptions = z
  .object({
    /** Where the links in e-mails, pushes and texts point (PUBLIC_URL). @default http://127.0.0.1:<HTTP_PORT> */
    publicUrl: z.url().optional(),
    /** Signs tracking and unsubscribe links and seals the VAPID key (DBSBM_SECRET_KEY). Without it: Discord only. */
    linkSecret: z.string().min(32, 'linkSecret (DBSBM_SECRET_KEY) must be at least 32 characters').optional(),
    /** E-mail through SMTP (SMTP_URL, SMTP_FROM). */
    email: z
      .object({
        url: z.string().regex(/^smtps?:\/\/[^/]+/, 'email.url (SMTP_URL) accepts smtp://host:port or smtps://user:pass@host:port'),
        from: z.string().min(3, 'email.from (SMTP_FROM) is the sender, e.g. "DBSBM <bot@example.com>"'),
        maxConnections: z.number().int().min(1).max(100).default(5),
      })
      .optional(),
    /** Web push: the VAPID subject (a mailto: or https: address push services may contact) and an extra CA (private push services, tests). */
    push: z
      .object({
        subject: z.string().regex(/^(mailto:|https:\/\/)/, 'push.subject is a mailto: or https: URL').default('mailto:admin@localhost'),
        ca: z.string().optional(),
      })
      .prefault({}),
    /** Text messages through a Twilio-compatible API (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM). */
    sms: z
      .object({
        baseUrl: z.url().default('https://api.twilio.com'),
        accountSid: z.string().regex(/^AC[0-9a-zA-Z]{32}$/, 'sms.accountSid is the 34-character account SID (AC…)'),
        authToken: z.string().min(16, 'sms.authToken is the account auth token'),
        from: z.string().min(3, 'sms.from is the sending number (E.164) or a Messaging Service SID (MG…)'),
      })
      .optional(),
    /**
     * Discord requests per second for notifications across every instance (Discord allows 50 per bot in total unless
     * it raised the bot's limit, and the bot's other work needs some): a shared token bucket in Redis when REDIS_URL is
     * set.
     */
    discordPerSecond: z.number().positive().max(10_000).default(40),
    /** How long odds alerts collect into one digest before it is sent, unless a member chose otherwise. */
    digestMinutes: z.number().int().min(1).max(1440).default(15),
  })
  .prefault({});

export type NotificationOptions = z.output<typeof notificationOptions>;
