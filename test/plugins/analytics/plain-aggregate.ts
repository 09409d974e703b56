import type { App } from '../../../src/core/app.ts';
import { roundUnits } from '../../../src/plugins/betting/services/payout.ts';
import { periodStart, type Period } from '../../../src/plugins/betting/services/stats.ts';

/**
 * The answers of the analytics questions computed plainly from betting's unit records (read whole, filtered and
 * summed here), never from a roll-up: what the roll-up routes must equal.
 */

const DAY = 86_400_000;

export interface UnitRecord {
  userId: string;
  betType: string;
  result: string;
  units: number;
  net: number;
  settledAt: number;
  sport: string | null;
  league: string | null;
  fair: number | null;
  close: number | null;
}

export interface PlainFilter {
  period: Period;
  capper?: string;
  sport?: string;
  league?: string;
  betType?: 'game_line' | 'player_prop' | 'parlay';
}

export async function unitRecords(app: App, guildId: string): Promise<UnitRecord[]> {
  const rows = (await app.orm.em
    .fork()
    .getConnection()
    .execute(
      'select user_id, bet_type, result, units, net, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal from betting_unit_records where guild_id = ?',
      [guildId],
    )) as Record<string, unknown>[];
  const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    userId: String(r.user_id),
    betType: String(r.bet_type),
    result: String(r.result),
    units: Number(r.units),
    net: Number(r.net),
    settledAt: Number(r.settled_at),
    sport: (r.sport as string | null) ?? null,
    league: (r.league as string | null) ?? null,
    fair: n(r.fair_decimal_at_bet),
    close: n(r.closing_fair_decimal),
  }));
}

/** Records of a filter at `now`: settled from the period's start to the end of `now`'s UTC day. */
export function slice(records: readonly UnitRecord[], f: PlainFilter, now: number): UnitRecord[] {
  const from = f.period === 'all' ? 0 : periodStart(f.period, now);
  const to = (Math.floor(now / DAY) + 1) * DAY;
  return records.filter(
    (r) =>
      r.settledAt >= from &&
      r.settledAt < to &&
      (!f.capper || r.userId === f.capper) &&
      (!f.sport || r.sport === f.sport) &&
      (!f.league || r.league === f.league) &&
      (!f.betType || r.betType === f.betType),
  );
}

export function totals(records: readonly UnitRecord[]) {
  const wins = records.filter((r) => r.result === 'won').length;
  const losses = records.filter((r) => r.result === 'lost').length;
  const risked = roundUnits(records.filter((r) => r.result !== 'void').reduce((s, r) => s + r.units, 0));
  const net = roundUnits(records.reduce((s, r) => s + r.net, 0));
  const clv = records.filter((r) => r.fair !== null && r.close !== null && r.fair > 1 && r.close > 1);
  return {
    bets: records.length,
    wins,
    losses,
    pushes: records.filter((r) => r.result === 'push').length,
    voids: records.filter((r) => r.result === 'void').length,
    winRate: wins + losses === 0 ? null : wins / (wins + losses),
    risked,
    net,
    roi: risked === 0 ? null : net / risked,
    clv: clv.length === 0 ? null : clv.reduce((s, r) => s + (r.fair! / r.close! - 1), 0) / clv.length,
    activeMembers: new Set(records.map((r) => r.userId)).size,
  };
}

const group = <K>(records: readonly UnitRecord[], key: (r: UnitRecord) => K): Map<K, UnitRecord[]> => {
  const out = new Map<K, UnitRecord[]>();
  for (const r of records) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

export const dayOfRecord = (r: UnitRecord): number => Math.floor(r.settledAt / DAY);
export const isoDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** Per day with bets, oldest first: bets, risked, net, running net, members. */
export function daily(records: readonly UnitRecord[]) {
  let cumulative = 0;
  return [...group(records, dayOfRecord).entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, rs]) => {
      const t = totals(rs);
      cumulative += rs.reduce((s, r) => s + r.net, 0);
      return { day: isoDay(day), bets: t.bets, risked: t.risked, net: t.net, cumulativeNet: roundUnits(cumulative), members: t.activeMembers };
    });
}

/** Per member, keyed by member id. */
export function byMember(records: readonly UnitRecord[]): Map<string, ReturnType<typeof totals>> {
  return new Map([...group(records, (r) => r.userId).entries()].map(([user, rs]) => [user, totals(rs)]));
}

/** DAU/WAU/MAU and Monday-week cohorts by first settled day, as docs/analytics.md defines them. */
export function engagement(records: readonly UnitRecord[], now: number, weeks = 8) {
  const today = Math.floor(now / DAY);
  const weekOf = (day: number): number => Math.floor((day + 3) / 7);
  const active = (days: number) => new Set(records.filter((r) => dayOfRecord(r) > today - days && dayOfRecord(r) <= today).map((r) => r.userId)).size;
  const first = new Map<string, number>();
  for (const r of records) first.set(r.userId, Math.min(first.get(r.userId) ?? Infinity, dayOfRecord(r)));
  const firstWeek = weekOf(today) - (weeks - 1);
  const cohorts = [];
  for (let week = firstWeek; week <= weekOf(today); week++) {
    const members = [...first.entries()].filter(([, d]) => weekOf(d) === week).map(([u]) => u);
    if (members.length === 0) continue;
    const retention: number[] = [];
    for (let w = week; w <= weekOf(today); w++) {
      retention.push(new Set(records.filter((r) => members.includes(r.userId) && weekOf(dayOfRecord(r)) === w).map((r) => r.userId)).size / members.length);
    }
    cohorts.push({ week: isoDay(week * 7 - 3), size: members.length, retention });
  }
  const [dau, wau, mau] = [active(1), active(7), active(30)];
  return { dau, wau, mau, stickiness: mau === 0 ? null : dau / mau, cohorts };
}

/** Net of this period and the 12 before it (null for a previous period without bets). */
export function netByPeriod(records: readonly UnitRecord[], f: PlainFilter, now: number): { current: number; previous: (number | null)[] } {
  const period = f.period === 'all' ? 'month' : f.period;
  const starts = [periodStart(period, now)];
  for (let i = 0; i < 12; i++) starts.push(periodStart(period, starts[starts.length - 1]! - 1));
  const end = (Math.floor(now / DAY) + 1) * DAY;
  const within = slice(records, { ...f, period: 'all' }, now);
  const net = (from: number, to: number) => {
    const rs = within.filter((r) => r.settledAt >= from && r.settledAt < to);
    return rs.length === 0 ? null : totals(rs).net;
  };
  return { current: net(starts[0]!, end) ?? 0, previous: starts.slice(1).map((s, i) => net(s, starts[i]!)) };
}
