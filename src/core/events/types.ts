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
