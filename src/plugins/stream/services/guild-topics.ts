import type { StreamContext } from './context.ts';

/** Topics that belong to one server: a client names them plainly and sees only its own key's server. */
export const GUILD_TOPICS = ['bets', 'leaderboard', 'competitions'] as const;
export type GuildTopic = (typeof GUILD_TOPICS)[number];

/** The log key of a server's topic (never shown to clients). */
export const guildTopicKey = (guildId: string, topic: GuildTopic): string => `g:${guildId}:${topic}`;

/**
 * Appends an event to one of a server's topics (`leaderboard`, `competitions`, `bets`) for every client of that
 * server, on every instance. `dedupeKey` makes a retried append harmless. Resolves with the event id, or null when
 * it was a repeat or the log could not be reached (logged; streaming is best-effort, the record is in the database).
 */
export async function appendGuildEvent(ctx: StreamContext, guildId: string, topic: GuildTopic, event: string, data: unknown, dedupeKey?: string): Promise<string | null> {
  try {
    return await ctx.topics.append([guildTopicKey(guildId, topic)], event, data, dedupeKey ? { dedupeKey } : {});
  } catch (err) {
    ctx.logger.warn({ err, guildId, topic, event }, 'could not append a live event');
    return null;
  }
}
