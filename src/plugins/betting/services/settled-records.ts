import type { BettingContext } from './context.ts';

const DAY_MS = 86_400_000;

/**
 * The counters of one group of settled bets, summed in SQL. The definitions are the ones `/stats` uses (see
 * stats-math): risked excludes voids; CLV counts only bets where both the price taken and the closing price are
 * usable, as a sum and a count so groups can be added up and averaged later.
 */
export interface SettledCounters {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  risked: number;
  net: number;
  clvSum: number;
  clvN: number;
}

/** Totals of one member's settled bets on one UTC day, for one sport, league and bet type. */
export interface MemberDayTotals extends SettledCounters {
  userId: string;
  /** UTC day of settlement, counted from the epoch (`floor(settledAt / 86,400,000)`). */
  day: number;
  /** `''` when unknown. */
  sport: string;
  /** `''` when unknown. */
  league: string;
  betType: string;
}

/** Which settled bets: a server, optionally one member, optionally a range of settlement times. */
export interface SettledRange {
  guildId: string;
  userId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

const COUNTERS = `count(*) as bets,
  sum(case when result = 'won' then 1 else 0 end) as wins,
  sum(case when result = 'lost' then 1 else 0 end) as losses,
  sum(case when result = 'push' then 1 else 0 end) as pushes,
  sum(case when result = 'void' then 1 else 0 end) as voids,
  sum(case when result <> 'void' then units else 0 end) as risked,
  sum(net) as net,
  sum(case when fair_decimal_at_bet > 1 and closing_fair_decimal > 1 then fair_decimal_at_bet / closing_fair_decimal - 1 else 0 end) as clv_sum,
  sum(case when fair_decimal_at_bet > 1 and closing_fair_decimal > 1 then 1 else 0 end) as clv_n`;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function rangeWhere(r: SettledRange, prefix = ''): { sql: string; params: unknown[] } {
  const conditions: [string, unknown][] = [[`${prefix}guild_id = ?`, r.guildId]];
  if (r.userId !== undefined) conditions.push([`${prefix}user_id = ?`, r.userId]);
  if (r.from !== undefined) conditions.push([`${prefix}settled_at >= ?`, r.from]);
  if (r.to !== undefined) conditions.push([`${prefix}settled_at < ?`, r.to]);
  return { sql: conditions.map(([sql]) => sql).join(' and '), params: conditions.map(([, value]) => value) };
}

/** A query another statement can embed, with its bound values in order. */
export interface EmbeddableQuery {
  sql: string;
  params: unknown[];
}

/**
 * The member-day totals as one SELECT, for a consumer that copies them into its own tables in one statement
 * (`insert into … select … from (<sql>) t`): columns `user_id, day, sport, league, bet_type, bets, wins, losses,
 * pushes, voids, risked, net, clv_sum, clv_n`.
 */
export function memberDayTotalsQuery(ctx: BettingContext, range: SettledRange): EmbeddableQuery {
  const dayExpr = ctx.dialect === 'mysql' ? `settled_at div ${DAY_MS}` : `settled_at / ${DAY_MS}`;
  const w = rangeWhere(range);
  return {
    sql: `select user_id, ${dayExpr} as day, coalesce(sport, '') as sport, coalesce(league, '') as league, bet_type, ${COUNTERS}
       from betting_unit_records where ${w.sql}
       group by user_id, ${dayExpr}, coalesce(sport, ''), coalesce(league, ''), bet_type`,
    params: w.params,
  };
}

/**
 * Settled totals grouped per member, UTC day, sport, league and bet type, computed by the database over the
 * covering index (a million bets become one row per member-day-kind, never one per bet).
 */
export async function memberDayTotals(ctx: BettingContext, range: SettledRange): Promise<MemberDayTotals[]> {
  const q = memberDayTotalsQuery(ctx, range);
  const rows = (await ctx.em().getConnection().execute(q.sql, q.params)) as Record<string, unknown>[];
  return rows.map((r) => ({
    userId: String(r.user_id),
    day: num(r.day),
    sport: String(r.sport ?? ''),
    league: String(r.league ?? ''),
    betType: String(r.bet_type),
    bets: num(r.bets),
    wins: num(r.wins),
    losses: num(r.losses),
    pushes: num(r.pushes),
    voids: num(r.voids),
    risked: num(r.risked),
    net: num(r.net),
    clvSum: num(r.clv_sum),
    clvN: num(r.clv_n),
  }));
}

/** Where and when a settled bet counts: its server, member and settlement time; null while it is not settled. */
export async function settlementOf(ctx: BettingContext, betId: number): Promise<{ guildId: string; userId: string; settledAt: number } | null> {
  const rows = (await ctx.em().getConnection().execute('select guild_id, user_id, settled_at from betting_unit_records where bet_id = ?', [betId])) as Record<string, unknown>[];
  const row = rows[0];
  return row ? { guildId: String(row.guild_id), userId: String(row.user_id), settledAt: num(row.settled_at) } : null;
}

/** One settled bet as a list shows it. */
export interface SettledBet {
  betId: number;
  placedAt: number;
  settledAt: number;
  betType: string;
  /** The bet's own description, else "Home v Away: market selection", else "bet #id". */
  description: string;
  decimal: number;
  units: number;
  result: string;
  net: number;
  sport: string | null;
  league: string | null;
}

/** What {@link settledBets} lists: a range, narrowed by sport, league and bet type, newest first, at most `limit`. */
export interface SettledBetsQuery extends SettledRange {
  sport?: string;
  league?: string;
  betType?: string;
  /** 1–5000. @default 200 */
  limit?: number;
}

/** Settled bets of a server or member, newest settlement first. */
export async function settledBets(ctx: BettingContext, q: SettledBetsQuery): Promise<SettledBet[]> {
  const w = rangeWhere(q, 'u.');
  for (const [column, value] of [
    ['u.sport', q.sport],
    ['u.league', q.league],
    ['u.bet_type', q.betType],
  ] as const) {
    if (value) {
      w.sql += ` and ${column} = ?`;
      w.params.push(value);
    }
  }
  const limit = Math.max(1, Math.min(5000, Math.floor(q.limit ?? 200)));
  const rows = (await ctx
    .em()
    .getConnection()
    .execute(
      `select b.id, b.placed_at, u.settled_at, u.bet_type, b.description, b.selection, b.market, g.home_team, g.away_team, b.decimal, u.units, u.result, u.net, u.sport, u.league
       from betting_unit_records u join betting_bets b on b.id = u.bet_id left join betting_games g on g.id = b.game_id
       where ${w.sql} order by u.settled_at desc, u.id desc limit ${limit}`,
      w.params,
    )) as Record<string, unknown>[];
  return rows.map((r) => ({
    betId: num(r.id),
    placedAt: num(r.placed_at),
    settledAt: num(r.settled_at),
    betType: String(r.bet_type),
    description:
      (r.description as string | null) ??
      (r.home_team ? `${String(r.home_team)} v ${String(r.away_team)}: ${String(r.market ?? '')} ${String(r.selection ?? '')}`.trim() : `bet #${num(r.id)}`),
    decimal: num(r.decimal),
    units: num(r.units),
    result: String(r.result),
    net: num(r.net),
    sport: (r.sport as string | null) ?? null,
    league: (r.league as string | null) ?? null,
  }));
}
