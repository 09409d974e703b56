import type { AnalyticsContext } from './context.ts';
import { dayOf, isoDay } from './days.ts';
import { ensureRollups } from './rollups.ts';

/** Weeks start on Monday; 1970-01-01 was a Thursday, hence the 3-day shift. */
const weekOf = (day: number): number => Math.floor((day + 3) / 7);
const weekStartDay = (week: number): number => week * 7 - 3;

export interface Cohort {
  /** Monday of the week the members first had a settled bet here. */
  week: string;
  size: number;
  /** Share of the cohort active in week 0, 1, 2, … after (up to now). */
  retention: number[];
}

export interface Engagement {
  /** Distinct members with a settled bet today, in the last 7 days and the last 30 days (UTC days). */
  dau: number;
  wau: number;
  mau: number;
  /** DAU / MAU. */
  stickiness: number | null;
  cohorts: Cohort[];
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Activity and retention by weekly cohort, from the member roll-ups without kinds. A member is active on a day a bet
 * of theirs settled; their cohort is the week of their first such day (`analytics_member_first_days`), so only the
 * members who joined in the window are read, and the retention counts are grouped by the database.
 */
export async function engagement(ctx: AnalyticsContext, guildId: string, now = Date.now(), weeks = 8): Promise<Engagement> {
  await ensureRollups(ctx, guildId);
  const conn = ctx.em().getConnection();
  const today = dayOf(now);
  const active = async (days: number): Promise<number> =>
    num(((await conn.execute('select count(distinct user_id) as n from analytics_member_days where guild_id = ? and day > ? and day <= ?', [guildId, today - days, today])) as { n: unknown }[])[0]?.n);
  const [dau, wau, mau] = [await active(1), await active(7), await active(30)];

  const firstWeek = weekOf(today) - (weeks - 1);
  const fromDay = weekStartDay(firstWeek);
  const week = (column: string): string => `(${column} + 3) ${ctx.dialect === 'mysql' ? 'div' : '/'} 7`;
  const sizes = (await conn.execute(
    `select ${week('first_day')} as cohort, count(*) as n from analytics_member_first_days where guild_id = ? and first_day >= ? group by ${week('first_day')}`,
    [guildId, fromDay],
  )) as { cohort: unknown; n: unknown }[];
  // Members of each cohort active in each week since (a member-day row is a member's day with a settled bet).
  const seen = (await conn.execute(
    `select ${week('f.first_day')} as cohort, ${week('m.day')} as week, count(distinct m.user_id) as n
     from analytics_member_first_days f join analytics_member_days m on m.guild_id = f.guild_id and m.user_id = f.user_id
     where f.guild_id = ? and f.first_day >= ? and m.day >= ?
     group by ${week('f.first_day')}, ${week('m.day')}`,
    [guildId, fromDay, fromDay],
  )) as { cohort: unknown; week: unknown; n: unknown }[];
  const sizeOf = new Map(sizes.map((r) => [num(r.cohort), num(r.n)]));
  const activeIn = new Map(seen.map((r) => [`${num(r.cohort)}|${num(r.week)}`, num(r.n)]));
  const cohorts: Cohort[] = [];
  for (let cohort = firstWeek; cohort <= weekOf(today); cohort++) {
    const size = sizeOf.get(cohort) ?? 0;
    if (size === 0) continue;
    const retention: number[] = [];
    for (let w = cohort; w <= weekOf(today); w++) retention.push((activeIn.get(`${cohort}|${w}`) ?? 0) / size);
    cohorts.push({ week: isoDay(weekStartDay(cohort)), size, retention });
  }
  return { dau, wau, mau, stickiness: mau === 0 ? null : dau / mau, cohorts };
}
