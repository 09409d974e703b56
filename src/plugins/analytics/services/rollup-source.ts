import { monthOfDay, monthStartDay, nextMonth } from './days.ts';
import { rollupWhere, type MetricsFilter } from './filters.ts';

/** Days (UTC, since the epoch) a question covers: [fromDay, toDay). */
export interface DayRange {
  fromDay: number;
  toDay: number;
}

/**
 * How fine the member rows a question reads must be: `member` (per member only: totals, cappers, active members),
 * `day` (per member and day: daily series, weeks, months) or `kind` (per member, day, sport, league and bet type).
 */
export type Grain = 'member' | 'day' | 'kind';

/**
 * Member rows of a filter, as the text after `from` (a table and its conditions, or a derived table), with their
 * bound values. Columns: `user_id` and the counters; `day` too unless the grain is `member`; `sport`, `league` and
 * `bet_type` for `kind`.
 */
export interface RollupSource {
  from: string;
  params: unknown[];
}

const COUNTERS = 'bets, wins, losses, pushes, voids, risked, net, clv_sum, clv_n';

/** Whether a filter narrows by sport, league or bet type: only the member-day-kind rows know those. */
export const hasKind = (f: Pick<MetricsFilter, 'sport' | 'league' | 'betType'>): boolean => Boolean(f.sport || f.league || f.betType);

/**
 * Splits a day range into the whole UTC months inside it (month keys, [from, to)) and the days outside them (at most
 * one run before and one after). A month counts only when all of its days are in the range, so the month rows and
 * the day rows together cover exactly the range's days: this month, still running, is read day by day.
 */
export function splitMonths(range: DayRange): { months: { from: number; to: number } | null; days: DayRange[] } {
  const first = monthOfDay(range.fromDay);
  const from = monthStartDay(first) === range.fromDay ? first : nextMonth(first);
  const to = monthOfDay(range.toDay); // months before the one holding toDay end on or before it
  if (range.toDay <= range.fromDay || from >= to) return { months: null, days: range.toDay > range.fromDay ? [range] : [] };
  const days: DayRange[] = [];
  if (range.fromDay < monthStartDay(from)) days.push({ fromDay: range.fromDay, toDay: monthStartDay(from) });
  if (monthStartDay(to) < range.toDay) days.push({ fromDay: monthStartDay(to), toDay: range.toDay });
  return { months: { from, to }, days };
}

/**
 * The smallest roll-up rows that answer a filter exactly at a grain: the member-day-kind rows when the filter names
 * a sport, league or bet type (or the grain needs them); otherwise the member-day rows, and for the `member` grain
 * the member-month rows of the range's whole months with member-day rows for the days around them.
 */
export function memberRows(f: MetricsFilter, range: DayRange, grain: Grain): RollupSource {
  if (grain === 'kind' || hasKind(f)) {
    const w = rollupWhere(f, range, { user: true });
    return { from: `analytics_user_days where ${w.sql}`, params: w.params };
  }
  const capper = f.capper ? ' and user_id = ?' : '';
  const capperParams = f.capper ? [f.capper] : [];
  const dayPart = (r: DayRange) => ({ table: 'analytics_member_days', sql: `guild_id = ? and day >= ? and day < ?${capper}`, params: [f.guildId, r.fromDay, r.toDay, ...capperParams] });
  if (grain === 'day') {
    const p = dayPart(range);
    return { from: `${p.table} where ${p.sql}`, params: p.params };
  }
  const split = splitMonths(range);
  const parts = split.days.map(dayPart);
  if (split.months) {
    parts.push({ table: 'analytics_member_months', sql: `guild_id = ? and month >= ? and month < ?${capper}`, params: [f.guildId, split.months.from, split.months.to, ...capperParams] });
  }
  if (parts.length === 0) parts.push(dayPart(range)); // an empty range: no rows, but a valid statement
  if (parts.length === 1) return { from: `${parts[0]!.table} where ${parts[0]!.sql}`, params: parts[0]!.params };
  return {
    from: `(${parts.map((p) => `select user_id, ${COUNTERS} from ${p.table} where ${p.sql}`).join(' union all ')}) r`,
    params: parts.flatMap((p) => p.params),
  };
}

/** The server's day rows of a filter, its capper aside: a few rows per day (one per sport, league and bet type). */
export function serverRows(f: MetricsFilter, range: DayRange): RollupSource {
  const w = rollupWhere(f, range, { user: false });
  return { from: `analytics_guild_days where ${w.sql}`, params: w.params };
}
