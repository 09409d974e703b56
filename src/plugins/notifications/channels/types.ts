/** What a channel adapter is handed: one notification, already rendered to plain parts, for one recipient. */
export interface OutgoingNotification {
  /** The notification's row id: with the channel name, the idempotency key of the send. */
  id: number;
  guildId: string;
  /** The member it is for; null for a post to a server's channel with no member. */
  userId: string | null;
  type: NotificationType;
  /** Short headline (≤ 256 characters). */
  title: string;
  /** Plain text body (≤ 2,000 characters); no markup. */
  body: string;
  /** Where "open" leads (the bot's page, a game…); null for none. */
  url: string | null;
  /** Label/value pairs shown under the body (≤ 10). */
  fields: { name: string; value: string }[];
  critical: boolean;
  /** When it was raised (epoch ms). */
  createdAt: number;
}

/** Signed, per-send links for tracking and one-click unsubscribe (absolute URLs on the bot's public address). */
export interface TrackingLinks {
  /** Wraps `target` in a click-tracking redirect. */
  click(target: string): string;
  /** A 1×1 GIF that records an open (email). */
  openPixel: string;
  /** GET shows a confirm page, POST (RFC 8058 one-click) unsubscribes this member from this type on this channel. */
  unsubscribe: string;
  /** Push: the service worker POSTs here when the notification is clicked. */
  pushClick: string;
}

/** How one send ended. */
export type SendOutcome =
  /** The provider accepted it; `providerId` is its id for the message (Discord message id, SMTP message id, SMS sid). */
  | { status: 'delivered'; providerId?: string }
  /** Retrying cannot help (SMTP 5xx, push 404/410, Discord 50007, SMS 4xx): try the next channel. `gone` removes a dead push subscription. */
  | { status: 'permanent'; reason: string; gone?: boolean }
  /** Try again later (network, 4xx temporary, 429, 5xx); `retryAfterMs` when the provider said when. */
  | { status: 'retry'; reason: string; retryAfterMs?: number };

/** The notification types members choose per channel. */
export const NOTIFICATION_TYPES = [
  'bet_result',
  'odds_alert',
  'game_starting',
  'achievement',
  'responsible_play',
  'system',
  'schedule_failure',
  'custom',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Delivery channels, in fallback order for a member (dm → channel → email), push and sms after. */
export const CHANNELS = ['dm', 'channel', 'email', 'push', 'sms'] as const;
export type ChannelName = (typeof CHANNELS)[number];
