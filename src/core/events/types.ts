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
