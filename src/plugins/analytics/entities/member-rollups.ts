import { EntitySchema } from '@mikro-orm/core';
import { counters, type RollupCounters } from './rollups.ts';

/**
 * Settled bets of one member on one UTC day, all sports, leagues and bet types together: the sum of that member's
 * `analytics_user_days` rows of the day. About a third of their rows at a million bets, so questions without a
 * sport, league or bet type filter (active members, per-day series, cappers over a month) read it instead.
 */
export interface MemberDayRollup extends RollupCounters {
  id: number;
  guildId: string;
  userId: string;
  /** Days since 1970-01-01 (UTC) of the settlement. */
  day: number;
}

/**
 * Settled bets of one member in one UTC calendar month, all kinds together: the sum of their member-day rows of the
 * month. Questions over whole months (this year's or all-time cappers, active members) read ~1 row per member-month.
 */
export interface MemberMonthRollup extends RollupCounters {
  id: number;
  guildId: string;
  userId: string;
  /** `year * 100 + month` of the UTC month (202612 for December 2026). */
  month: number;
}

/** The UTC day of a member's first settled bet in a server: who joined when, for cohorts and all-time counts. */
export interface MemberFirstDay {
  guildId: string;
  userId: string;
  firstDay: number;
}

const COUNTER_PROPERTIES = ['bets', 'wins', 'losses', 'pushes', 'voids', 'risked', 'net', 'clvSum', 'clvN'] as const;

export const MemberDayRollupSchema = new EntitySchema<MemberDayRollup>({
  name: 'AnalyticsMemberDay',
  tableName: 'analytics_member_days',
  uniques: [{ name: 'analytics_member_days_key_unique', properties: ['guildId', 'userId', 'day'] }],
  // Covering, as the member-day-kind table's: a server's days in a range are read from the index alone.
  indexes: [{ name: 'analytics_member_days_guild_day_cover_index', properties: ['guildId', 'day', 'userId', ...COUNTER_PROPERTIES] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    day: { type: 'integer' },
    ...counters,
  },
});

export const MemberMonthRollupSchema = new EntitySchema<MemberMonthRollup>({
  name: 'AnalyticsMemberMonth',
  tableName: 'analytics_member_months',
  uniques: [{ name: 'analytics_member_months_key_unique', properties: ['guildId', 'userId', 'month'] }],
  indexes: [{ name: 'analytics_member_months_guild_month_cover_index', properties: ['guildId', 'month', 'userId', ...COUNTER_PROPERTIES] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    month: { type: 'integer' },
    ...counters,
  },
});

export const MemberFirstDaySchema = new EntitySchema<MemberFirstDay>({
  name: 'AnalyticsMemberFirstDay',
  tableName: 'analytics_member_first_days',
  indexes: [{ name: 'analytics_member_first_days_guild_first_index', properties: ['guildId', 'firstDay', 'userId'] }],
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    userId: { type: 'string', length: 32, primary: true },
    firstDay: { type: 'integer' },
  },
});
