import type { AnalyticsContext } from './context.ts';
import { dayStart, isoDay } from './days.ts';
import { dayRange, type MetricsFilter } from './filters.ts';
import { hasKind, memberRows, serverRows, type DayRange } from './rollup-source.ts';
import { ensureRollups } from './rollups.ts';

/** The figures of a slice of settled bets; the same definitions as `/stats` (see the betting plugin's summarize). */
export interface MetricsSummary {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  /** wins / (wins + losses). */
  winRate: number | null;
  risked: number;
  net: number;
  roi: number | null;
  /** Average closing-line value, where both prices are known. */
  clv: number | null;
  /** Members with at least one settled bet in the slice. */
  activeMembers: number;
}

export interface DailyPoint {
  day: string;
  bets: number;
  risked: number;
  net: number;
  cumulativeNet: number;
  members: number;
}

export interface CapperRow extends Omit<MetricsSummary, 'activeMembers'> {
  userId: string;
}

interface CounterRow {
  bets: unknown;
  wins: unknown;
  losses: unknown;
  pushes: unknown;
  voids: unknown;
  risked: unknown;
  net: unknown;
  clv_sum: unknown;
  clv_n: unknown;
}

const SUMS = 'sum(bets) as bets, sum(wins) as wins, sum(losses) as losses, sum(pushes) as pushes, sum(voids) as voids, sum(risked) as risked, sum(net) as net, sum(clv_sum) as clv_sum, sum(clv_n) as clv_n';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function toSummary(roundUnits: (n: number) => number, r: CounterRow | undefined): Omit<MetricsSummary, 'activeMembers'> {
  const wins = num(r?.wins);
  const losses = num(r?.losses);
  const risked = roundUnits(num(r?.risked));
  const net = roundUnits(num(r?.net));
  const clvN = num(r?.clv_n);
  return {
    bets: num(r?.bets),
    wins,
    losses,
    pushes: num(r?.pushes),
    voids: num(r?.voids),
    winRate: wins + losses === 0 ? null : wins / (wins + losses),
    risked,
    net,
    roi: risked === 0 ? null : net / risked,
    clv: clvN === 0 ? null : num(r?.clv_sum) / clvN,
  };
}

async function rows<T>(ctx: AnalyticsContext, sql: string, params: unknown[]): Promise<T[]> {
  return (await ctx.em().getConnection().execute(sql, params)) as T[];
}

/**
 * Members with a settled bet in a slice. Over all time with no other filter, the count of first days before the
 * slice's end (a member is active in [0, toDay) exactly when their first day is before toDay); otherwise distinct
 * members of the smallest member rows of the slice.
 */
async function activeMembers(ctx: AnalyticsContext, f: MetricsFilter, range: DayRange): Promise<number> {
  if (range.fromDay === 0 && !f.capper && !hasKind(f)) {
    const [r] = await rows<{ n: unknown }>(ctx, 'select count(*) as n from analytics_member_first_days where guild_id = ? and first_day < ?', [f.guildId, range.toDay]);
    return num(r?.n);
  }
  const src = memberRows(f, range, 'member');
  const [r] = await rows<{ n: unknown }>(ctx, `select count(distinct user_id) as n from ${src.from}`, src.params);
  return num(r?.n);
}

/**
 * Totals of a slice. Reads roll-ups only, never the raw bets: the server's day rows (a few per day) for server-wide
 * totals, a capper's member rows for theirs.
 */
export async function summary(ctx: AnalyticsContext, f: MetricsFilter, now = Date.now()): Promise<MetricsSummary> {
  await ensureRollups(ctx, f.guildId);
  const betting = ctx.use('betting');
  const range = dayRange(betting, f.period, now);
  let totals: CounterRow | undefined;
  if (f.capper) {
    const src = memberRows(f, range, 'member');
    [totals] = await rows<CounterRow>(ctx, `select ${SUMS} from ${src.from}`, src.params);
  } else {
    const src = serverRows(f, range);
    [totals] = await rows<CounterRow>(ctx, `select ${SUMS} from ${src.from}`, src.params);
  }
  return { ...toSummary(betting.roundUnits, totals), activeMembers: await activeMembers(ctx, f, range) };
}

/** One point per day of the slice that had settled bets, oldest first, with the running net. */
export async function daily(ctx: AnalyticsContext, f: MetricsFilter, now = Date.now()): Promise<DailyPoint[]> {
  await ensureRollups(ctx, f.guildId);
  const { roundUnits, periodStart } = ctx.use('betting');
  const src = memberRows(f, dayRange({ periodStart }, f.period, now), 'day');
  const list = await rows<{ day: unknown; bets: unknown; risked: unknown; net: unknown; members: unknown }>(
    ctx,
    `select day, sum(bets) as bets, sum(risked) as risked, sum(net) as net, count(distinct user_id) as members
     from ${src.from} group by day order by day`,
    src.params,
  );
  return withRunningNet(roundUnits, list).map((p, i) => ({ ...p, members: num(list[i]!.members) }));
}

/** A day's figures without its members: what the server-day roll-up holds, and all a chart of net, bets or risked needs. */
export type DailyTotals = Omit<DailyPoint, 'members'>;

function withRunningNet(roundUnits: (n: number) => number, list: readonly { day: unknown; bets: unknown; risked: unknown; net: unknown }[]): DailyTotals[] {
  let cumulative = 0;
  return list.map((r) => {
    cumulative += num(r.net);
    return { day: isoDay(num(r.day)), bets: num(r.bets), risked: roundUnits(num(r.risked)), net: roundUnits(num(r.net)), cumulativeNet: roundUnits(cumulative) };
  });
}

/**
 * {@link daily} without members, from the server's day rows (a few per day, whatever the period) unless a capper is
 * chosen: the series a report's chart of the running net is drawn from.
 */
export async function dailyTotals(ctx: AnalyticsContext, f: MetricsFilter, now = Date.now()): Promise<DailyTotals[]> {
  if (f.capper) return daily(ctx, f, now);
  await ensureRollups(ctx, f.guildId);
  const { roundUnits, periodStart } = ctx.use('betting');
  const src = serverRows(f, dayRange({ periodStart }, f.period, now));
  const list = await rows<{ day: unknown; bets: unknown; risked: unknown; net: unknown }>(
    ctx,
    `select day, sum(bets) as bets, sum(risked) as risked, sum(net) as net from ${src.from} group by day order by day`,
    src.params,
  );
  return withRunningNet(roundUnits, list);
}

/** Every capper in the slice with their figures, best net first (the drill-down from server to capper). */
export async function byCapper(ctx: AnalyticsContext, f: MetricsFilter, now = Date.now(), limit = 100): Promise<CapperRow[]> {
  await ensureRollups(ctx, f.guildId);
  const betting = ctx.use('betting');
  const src = memberRows(f, dayRange(betting, f.period, now), 'member');
  const list = await rows<CounterRow & { user_id: string }>(
    ctx,
    `select user_id, ${SUMS} from ${src.from} group by user_id order by sum(net) desc, user_id limit ${Math.max(1, Math.min(1000, Math.floor(limit)))}`,
    src.params,
  );
  return list.map((r) => ({ userId: String(r.user_id), ...toSummary(betting.roundUnits, r) }));
}

export interface BetRow {
  betId: number;
  placedAt: number;
  settledAt: number;
  type: string;
  description: string;
  decimal: number;
  units: number;
  result: string;
  net: number;
  sport: string | null;
  league: string | null;
}

/** A capper's settled bets in the slice, newest first (the drill-down from capper to bet), as betting lists them. */
export async function capperBets(ctx: AnalyticsContext, f: MetricsFilter & { capper: string }, now = Date.now(), limit = 200): Promise<BetRow[]> {
  const betting = ctx.use('betting');
  const range = dayRange(betting, f.period, now);
  const bets = await betting.settledBets({
    guildId: f.guildId,
    userId: f.capper,
    from: dayStart(range.fromDay),
    to: dayStart(range.toDay),
    sport: f.sport,
    league: f.league,
    betType: f.betType,
    limit,
  });
  return bets.map((b) => ({
    betId: b.betId,
    placedAt: b.placedAt,
    settledAt: b.settledAt,
    type: b.betType,
    description: b.description,
    decimal: b.decimal,
    units: b.units,
    result: b.result,
    net: b.net,
    sport: b.sport,
    league: b.league,
  }));
}
