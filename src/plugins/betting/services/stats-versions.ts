import type { BettingContext } from './context.ts';

// Cached stats and leaderboards are keyed by a version that every change of the unit records bumps (settling,
// grading, regrading, importing): a new version is a new key, so nothing is ever served from before the change.
// A server's version keys its leaderboards and server-wide stats; a member's own version keys that member's stats,
// so a settlement leaves the cached stats of members it did not touch alone.

const guildKey = (guildId: string): string => `stats-version:${guildId}`;
const memberKey = (guildId: string, userId: string): string => `stats-version:${guildId}:${userId}`;

/** Members whose settled records changed, as the settling statements read them back. */
export interface RecordsChanged {
  guild_id: string;
  user_id: string;
}

/** How many version writes are in flight at once (Redis pipelines them). */
const BATCH = 100;

/**
 * Bumps the stats version of every server and member in `rows`. A version is a time plus a random fraction, so two
 * bumps in the same millisecond (on two instances) still differ.
 */
export async function bumpStatsVersions(ctx: BettingContext, rows: readonly RecordsChanged[]): Promise<void> {
  const keys = new Set<string>();
  for (const r of rows) {
    keys.add(guildKey(r.guild_id));
    keys.add(memberKey(r.guild_id, r.user_id));
  }
  const all = [...keys];
  for (let i = 0; i < all.length; i += BATCH) {
    await Promise.all(all.slice(i, i + BATCH).map((key) => ctx.cache.set(key, Date.now() + Math.random())));
  }
}

/** The current stats version of a server (0 before its first change). */
export async function guildStatsVersion(ctx: BettingContext, guildId: string): Promise<number> {
  return (await ctx.cache.get<number>(guildKey(guildId))) ?? 0;
}

/** The current stats version of a member in a server (0 before their first change). */
export async function memberStatsVersion(ctx: BettingContext, guildId: string, userId: string): Promise<number> {
  return (await ctx.cache.get<number>(memberKey(guildId, userId))) ?? 0;
}
