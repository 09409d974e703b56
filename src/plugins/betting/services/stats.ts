import type { BettingContext } from './context.ts';
import { recordRates, summarize, type BetSummary } from './stats-math.ts';
import type { BetResult } from './payout.ts';
import { guildStatsVersion, memberStatsVersion } from './stats-versions.ts';

export const PERIODS = ['day', 'week', 'month', 'year', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** Whether a string (an option, a query parameter) is one of the {@link PERIODS}. */
export const isPeriod = (value: string): value is Period => (PERIODS as readonly string[]).includes(value);

export interface StatsFilter {
  guildId: string;
  userId?: string;
  period?: Period;
  /** A range instead of a period (epoch ms, inclusive start, exclusive end). */
  from?: number;
  to?: number;
  sport?: string;
  league?: string;
  betType?: 'game_line' | 'player_prop' | 'parlay';
}

/** Start of the period containing `now`, in UTC calendar terms (weeks start on Monday). */
export function periodStart(period: Period, now: number): number {
  const d = new Date(now);
  switch (period) {
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'week': {
      const day = (d.getUTCDay() + 6) % 7;
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    default:
      return 0;
  }
}

function where(filter: StatsFilter, now: number): { sql: string; params: unknown[] } {
  const parts = ['u.guild_id = ?'];
  const params: unknown[] = [filter.guildId];
  if (filter.userId) {
    parts.push('u.user_id = ?');
    params.push(filter.userId);
  }
  const from = filter.from ?? periodStart(filter.period ?? 'all', now);
  if (from > 0) {
    parts.push('u.settled_at >= ?');
    params.push(from);
  }
  if (filter.to !== undefined) {
    parts.push('u.settled_at < ?');
    params.push(filter.to);
  }
  for (const [column, value] of [
    ['sport', filter.sport],
    ['league', filter.league],
    ['bet_type', filter.betType],
  ] as const) {
    if (value) {
      parts.push(`u.${column} = ?`);
      params.push(value);
    }
  }
  return { sql: parts.join(' and '), params };
}

export interface CapperStats extends BetSummary {
  /** Bets others placed by tailing this member's bets. */
  tailed: number;
  faded: number;
}

/** How long cached stats and leaderboards live at most (a settlement replaces them sooner, by a new version key). */
const STATS_TTL_MS = 10 * 60_000;

/**
 * Stats from the unit records alone (one row per settled bet), for a member or a whole server. The record is cached
 * by the member's (or, server-wide, the server's) stats version, which every change of the unit records bumps
 * (stats-versions.ts); the tail and fade counts move when bets are placed, so they are read every time.
 */
export async function computeStats(ctx: BettingContext, filter: StatsFilter, now = Date.now()): Promise<CapperStats> {
  const em = ctx.em();
  const w = where(filter, now);
  const version = filter.userId ? await memberStatsVersion(ctx, filter.guildId, filter.userId) : await guildStatsVersion(ctx, filter.guildId);
  const key = `stats:${JSON.stringify([filter.guildId, filter.userId ?? null, w.sql, w.params, version])}`;
  const summary = await ctx.cache.wrap(key, STATS_TTL_MS, () => summaryOf(ctx, w));
  let tailed = 0;
  let faded = 0;
  if (filter.userId) {
    const counts = (await em.getConnection().execute(
      `select t.source_kind as kind, count(*) as n from betting_bets t join betting_bets s on s.id = t.source_bet_id
       where s.guild_id = ? and s.user_id = ? and t.status <> 'cancelled' and s.verified = 1 and t.verified = 1 group by t.source_kind`,
      [filter.guildId, filter.userId],
      'all',
    )) as { kind: string; n: number | string }[];
    tailed = Number(counts.find((c) => c.kind === 'tail')?.n ?? 0);
    faded = Number(counts.find((c) => c.kind === 'fade')?.n ?? 0);
  }
  return { ...summary, tailed, faded };
}

/** The record of the unit records `w` selects. */
async function summaryOf(ctx: BettingContext, w: { sql: string; params: unknown[] }): Promise<BetSummary> {
  const rows = (await ctx.em().getConnection().execute(
    `select u.result, u.units, u.net, b.decimal, u.fair_decimal_at_bet, u.closing_fair_decimal
     from betting_unit_records u join betting_bets b on b.id = u.bet_id where ${w.sql} order by u.settled_at, u.id`,
    w.params,
    'all',
  )) as { result: BetResult; units: number; net: number; decimal: number; fair_decimal_at_bet: number | null; closing_fair_decimal: number | null }[];
  return summarize(
    rows.map((r) => ({
      result: r.result,
      units: Number(r.units),
      net: Number(r.net),
      decimal: Number(r.decimal),
      fairDecimalAtBet: r.fair_decimal_at_bet === null ? null : Number(r.fair_decimal_at_bet),
      closingFairDecimal: r.closing_fair_decimal === null ? null : Number(r.closing_fair_decimal),
    })),
  );
}

export const LEADERBOARD_METRICS = ['net', 'roi', 'winrate', 'bets'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

/** Whether a string is one of the {@link LEADERBOARD_METRICS}. */
export const isLeaderboardMetric = (value: string): value is LeaderboardMetric => (LEADERBOARD_METRICS as readonly string[]).includes(value);

export interface LeaderboardRow {
  rank: number;
  userId: string;
  bets: number;
  wins: number;
  losses: number;
  net: number;
  risked: number;
  roi: number | null;
  winRate: number | null;
}

/**
 * Ranks members by net units, ROI, win rate or bet count over a period, counting only members with at least the
 * server's minimum of settled bets. Cached per server until the next settlement there (the hit rate is the cache
 * metric of the `betting` namespace).
 */
export async function leaderboard(ctx: BettingContext, guildId: string, metric: LeaderboardMetric, period: Period, now = Date.now(), limit = 10): Promise<LeaderboardRow[]> {
  const version = await guildStatsVersion(ctx, guildId);
  const { leaderboardMinBets } = await ctx.settings.get(guildId);
  const key = `leaderboard:${guildId}:${metric}:${period}:${periodStart(period, now)}:${leaderboardMinBets}:${limit}:${version}`;
  return ctx.cache.wrap(key, STATS_TTL_MS, async () => {
    const w = where({ guildId, period }, now);
    const rows = (await ctx.em().getConnection().execute(
      `select u.user_id, count(*) as bets,
         sum(case when u.result = 'won' then 1 else 0 end) as wins,
         sum(case when u.result = 'lost' then 1 else 0 end) as losses,
         sum(u.net) as net,
         sum(case when u.result = 'void' then 0 else u.units end) as risked
       from betting_unit_records u where ${w.sql}
       group by u.user_id having count(*) >= ?`,
      [...w.params, leaderboardMinBets],
      'all',
    )) as { user_id: string; bets: number | string; wins: number | string; losses: number | string; net: number | string; risked: number | string }[];
    const ranked = rows.map((r) => {
      const wins = Number(r.wins);
      const losses = Number(r.losses);
      return { userId: r.user_id, bets: Number(r.bets), wins, losses, ...recordRates({ wins, losses, net: Number(r.net), risked: Number(r.risked) }) };
    });
    const value = (r: (typeof ranked)[number]): number =>
      metric === 'net' ? r.net : metric === 'roi' ? (r.roi ?? -Infinity) : metric === 'winrate' ? (r.winRate ?? -Infinity) : r.bets;
    ranked.sort((a, b) => value(b) - value(a) || b.bets - a.bets || a.userId.localeCompare(b.userId));
    return ranked.slice(0, limit).map((r, i) => ({ rank: i + 1, ...r }));
  });
}
