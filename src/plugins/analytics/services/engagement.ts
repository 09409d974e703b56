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

/** Activity and retention by weekly cohort, from the member roll-ups. A member is active on a day a bet of theirs settled. */
export async function engagement(ctx: AnalyticsContext, guildId: string, now = Date.now(), weeks = 8): Promise<Engagement> {
  await ensureRollups(ctx, guildId);
  const conn = ctx.em().getConnection();
  const today = dayOf(now);
  const active = async (days: number): Promise<number> =>
    num(((await conn.execute('select count(distinct user_id) as n from analytics_user_days where guild_id = ? and day > ? and day <= ?', [guildId, today - days, today])) as { n: unknown }[])[0]?.n);
  const [dau, wau, mau] = [await active(1), await active(7), await active(30)];

  const firstWeek = weekOf(today) - (weeks - 1);
  const fromDay = weekStartDay(firstWeek);
  const firsts = (await conn.execute(
    'select user_id, min(day) as first from analytics_user_days where guild_id = ? group by user_id having min(day) >= ?',
    [guildId, fromDay],
  )) as { user_id: string; first: unknown }[];
  const cohortOf = new Map(firsts.map((r) => [String(r.user_id), weekOf(num(r.first))]));
  const activity = (await conn.execute('select distinct user_id, day from analytics_user_days where guild_id = ? and day >= ?', [guildId, fromDay])) as {
    user_id: string;
    day: unknown;
  }[];
  const seen = new Map<number, Map<number, Set<string>>>();
  for (const r of activity) {
    const cohort = cohortOf.get(String(r.user_id));
    if (cohort === undefined) continue;
    const offset = weekOf(num(r.day)) - cohort;
    const byOffset = seen.get(cohort) ?? new Map<number, Set<string>>();
    seen.set(cohort, byOffset);
    const users = byOffset.get(offset) ?? new Set<string>();
    byOffset.set(offset, users);
    users.add(String(r.user_id));
  }
  const cohorts: Cohort[] = [];
  for (let week = firstWeek; week <= weekOf(today); week++) {
    const size = [...cohortOf.values()].filter((w) => w === week).length;
    if (size === 0) continue;
    const retention: number[] = [];
    for (let offset = 0; week + offset <= weekOf(today); offset++) retention.push((seen.get(week)?.get(offset)?.size ?? 0) / size);
    cohorts.push({ week: isoDay(weekStartDay(week)), size, retention });
  }
  return { dau, wau, mau, stickiness: mau === 0 ? null : dau / mau, cohorts };
}
