import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** The additive counters every roll-up row carries; sums of them give the same figures as `/stats`. */
export interface RollupCounters {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  /** Stakes of bets that were not void. */
  risked: number;
  net: number;
  clvSum: number;
  clvN: number;
}

/**
 * Settled bets of one member on one UTC day, split by sport, league and bet type ('' when unknown). Rebuilt from
 * the unit records whenever a bet of that member settles that day, so it is always exactly their sum.
 */
export interface UserDayRollup extends RollupCounters {
  id: number;
  guildId: string;
  userId: string;
  /** Days since 1970-01-01 (UTC) of the settlement. */
  day: number;
  sport: string;
  league: string;
  betType: string;
}

/** The same counters for the whole server (no member), so server-wide questions read a few hundred rows. */
export interface GuildDayRollup extends RollupCounters {
  id: number;
  guildId: string;
  day: number;
  sport: string;
  league: string;
  betType: string;
  /** Members with a settled bet in this slice. */
  members: number;
}

/** When a server's roll-ups were last rebuilt from scratch (absent: never, so they must be built first). */
export interface RollupState {
  guildId: string;
  rebuiltAt: number;
}

/** The counter columns of every roll-up table (the member-month and member-day tables reuse them). */
export const counters = {
  bets: { type: 'integer', default: 0 },
  wins: { type: 'integer', default: 0 },
  losses: { type: 'integer', default: 0 },
  pushes: { type: 'integer', default: 0 },
  voids: { type: 'integer', default: 0 },
  risked: { type: 'double', default: 0 },
  net: { type: 'double', default: 0 },
  clvSum: { type: 'double', default: 0 },
  clvN: { type: 'integer', default: 0 },
} as const;

export const UserDayRollupSchema = new EntitySchema<UserDayRollup>({
  name: 'AnalyticsUserDay',
  tableName: 'analytics_user_days',
  uniques: [{ name: 'analytics_user_days_key_unique', properties: ['guildId', 'userId', 'day', 'sport', 'league', 'betType'] }],
  // Covering: server-wide questions over a period (totals with active members, per day, per capper, reports) read
  // the index alone instead of one row lookup per member-day (docs/BENCHMARKS.md, analytics).
  indexes: [
    {
      name: 'analytics_user_days_guild_day_cover_index',
      properties: ['guildId', 'day', 'userId', 'sport', 'league', 'betType', 'bets', 'wins', 'losses', 'pushes', 'voids', 'risked', 'net', 'clvSum', 'clvN'],
    },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    day: { type: 'integer' },
    sport: { type: 'string', length: 32 },
    league: { type: 'string', length: 64 },
    betType: { type: 'string', length: 16 },
    ...counters,
  },
});

export const GuildDayRollupSchema = new EntitySchema<GuildDayRollup>({
  name: 'AnalyticsGuildDay',
  tableName: 'analytics_guild_days',
  uniques: [{ name: 'analytics_guild_days_key_unique', properties: ['guildId', 'day', 'sport', 'league', 'betType'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    day: { type: 'integer' },
    sport: { type: 'string', length: 32 },
    league: { type: 'string', length: 64 },
    betType: { type: 'string', length: 16 },
    ...counters,
    members: { type: 'integer', default: 0 },
  },
});

export const RollupStateSchema = new EntitySchema<RollupState>({
  name: 'AnalyticsRollupState',
  tableName: 'analytics_rollup_state',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    rebuiltAt: { type: new BigIntType('number') },
  },
});
