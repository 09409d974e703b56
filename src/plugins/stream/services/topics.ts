import { Refusal } from 'dbsbm';
import { GUILD_TOPICS, guildTopicKey, type GuildTopic } from './guild-topics.ts';

/** A topic as a client names it, and the log key it reads. */
export interface ResolvedTopic {
  readonly name: string;
  readonly key: string;
}

const NAME = /^(?:odds:game:\d{1,12}|odds:league:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?|scores|scores:game:\d{1,12}|bets|leaderboard|competitions)$/;

/** A league's topic slug: lowercase, runs of anything but letters and digits made one `-`. */
export function leagueSlug(league: string): string {
  return league
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

const isGuildTopic = (name: string): name is GuildTopic => (GUILD_TOPICS as readonly string[]).includes(name);

/** Log keys of public topics (prices and scores are the same for every server). */
export const publicTopicKey = (name: string): string => `p:${name}`;

/**
 * Turns the topics a client asked for into log keys: a server's own topics (`bets`, …) become that server's keys,
 * so a key never names, let alone reads, another server's. Refuses unknown names with the list of valid ones.
 */
export function resolveTopics(names: readonly string[], guildId: string, max: number): ResolvedTopic[] {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw new Refusal('INVALID_INPUT', 'Name at least one topic, e.g. topics=scores,bets.', { next: 'Topics: odds:game:<id>, odds:league:<league>, scores, scores:game:<id>, bets, leaderboard, competitions (docs/streaming.md).' });
  }
  if (unique.length > max) throw new Refusal('INVALID_INPUT', `Follow at most ${max} topics on one connection (asked for ${unique.length}).`, { next: 'Open a second connection, or follow a league instead of its games.' });
  const bad = unique.filter((n) => !NAME.test(n));
  if (bad.length) {
    throw new Refusal('INVALID_TOPIC', `Unknown topic${bad.length > 1 ? 's' : ''}: ${bad.slice(0, 5).map((b) => JSON.stringify(b.slice(0, 80))).join(', ')}.`, {
      next: 'Topics: odds:game:<id>, odds:league:<league slug, e.g. premier-league>, scores, scores:game:<id>, bets, leaderboard, competitions.',
    });
  }
  return unique.map((name) => ({ name, key: isGuildTopic(name) ? guildTopicKey(guildId, name) : publicTopicKey(name) }));
}

/** The client-facing name of a log key (`g:<guild>:bets` → `bets`). */
export function topicNameOf(key: string): string {
  if (key.startsWith('p:')) return key.slice(2);
  const i = key.lastIndexOf(':');
  return key.slice(i + 1);
}
