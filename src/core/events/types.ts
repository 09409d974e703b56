/**
 * The typed event map. Plugins add their events by augmenting this interface:
 * @example
 * declare module 'dbsbm' {
 *   interface DbsbmEvents { 'bet.placed': { guildId: string; betId: number } }
 * }
 * Payloads that concern one guild carry `guildId`; subscribers of a plugin only see events of guilds where it is on.
 */
export interface DbsbmEvents {
  /** A guild's tier, flags, plugin choices or settings changed; every instance drops what it cached about it. */
  'core.guild.changed': { guildId: string; reason: string };
  /** Published once per plugin when the app is up; handy for plugins that want to warm caches. */
  'core.ready': { instanceId: string; guildId?: undefined };
  /** A member changed their own preferences (`/preferences`); plugins forget what consent no longer covers. */
  'core.user.preferences': { userId: string; analyticsConsent: boolean; mlRecommendationsEnabled: boolean; guildId?: undefined };
  /**
   * The bot's health, for its operators (no guild: every subscribed webhook endpoint of every server gets it): the
   * webhooks plugin's hourly beat (`ok`), and the performance plugin's alerts (`alert` when a rule fires, `resolved`
   * when it stops).
   */
  'system.health': SystemHealth;
  /**
   * A plugin asks for members (or a server's admins) to be told something: the notifications plugin routes it by
   * each member's preferences (Discord, email, web push, SMS), quiet hours and digests. Any plugin, built-in or
   * third-party, raises one by listing this event in its `events` and publishing it (durably, in the transaction of
   * the change that caused it); where the notifications plugin is off, nothing is sent.
   * @since 1.4.0
   * @example
   * await ctx.events.publishInTransaction(em, 'notification.requested', {
   *   guildId, to: { userIds: [userId] }, type: 'custom', key: `hello:${userId}:${day}`, title: 'Hello', body: 'Welcome back!',
   * });
   */
  'notification.requested': NotificationRequest;
}

/** The payload of `notification.requested`. */
export interface NotificationRequest {
  guildId: string;
  /** Members by id, or `admins` (the server's owner and its routed channel for the type). */
  to: { userIds: string[] } | { audience: 'admins' };
  /** One of the notifications plugin's types (bet_result, odds_alert, game_starting, achievement, responsible_play, system, schedule_failure, custom). */
  type: string;
  /** Makes the request idempotent per member: a second request with the same key and type is ignored. ≤ 120 characters. */
  key: string;
  /** Headline (≤ 256 characters) and plain-text body (≤ 2,000). */
  title: string;
  body: string;
  /** Where "open" leads (https), if anywhere. */
  url?: string;
  fields?: { name: string; value: string }[];
  /** Sent through quiet hours (a member's safety, an admin's broken schedule). */
  critical?: boolean;
  /** Requests with the same digest key within a member's digest window are sent as one message. */
  digestKey?: string;
  /** Send no earlier than this (epoch ms), e.g. 30 minutes before kick-off. */
  sendAt?: number;
  /** Extra data for the notifications plugin's own types (e.g. the game a reminder is for). */
  data?: Record<string, string | number | boolean | null>;
}

/** The payload of `system.health`. */
export interface SystemHealth {
  status: 'ok' | 'alert' | 'resolved';
  /** When it was observed (ISO 8601). */
  at: string;
  /** Who reports it (a plugin's name). */
  instance: string;
  /** The alert rule that fired or resolved (with `alert` and `resolved`). */
  alert?: SystemHealthAlert;
  guildId?: undefined;
}

/** Which alert rule changed state, and on what figure. */
export interface SystemHealthAlert {
  rule: string;
  metric: string;
  comparator: '>' | '>=' | '<' | '<=';
  threshold: number;
  /** How long the figure had to breach before the rule fired, in seconds. */
  forSeconds: number;
  /** The worst value of the figure in the window (firing) or its last value (resolved); null when no figure came in. */
  value: number | null;
  unit: string | null;
  /** The series (its tags, e.g. `{ command: 'bet place' }`) that breached. */
  tags: Record<string, string>;
  /** When the rule started firing (ISO 8601). */
  since: string;
}

export type EventName = keyof DbsbmEvents;
export type EventPayload<K extends EventName> = DbsbmEvents[K];

/** What a subscriber receives beside the payload. */
export interface EventMeta {
  id: string;
  name: EventName;
  guildId: string | null;
  publishedAt: number;
  /** The instance that published it. */
  origin: string;
}

export type Subscriber<K extends EventName> = (payload: EventPayload<K>, meta: EventMeta) => void | Promise<void>;
