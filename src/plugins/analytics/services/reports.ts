import { z } from 'zod';
import type { ColumnKind, ReportTable } from '../exports/index.ts';
import { chartOf } from './chart-data.ts';
import type { AnalyticsContext } from './context.ts';
import { dayStart, isoDay } from './days.ts';
import { dayRange, describeFilter, metricsFilterSchema, type MetricsFilter } from './filters.ts';
import { dailyTotals, summary } from './metrics.ts';
import { memberRows, type Grain } from './rollup-source.ts';
import { ensureRollups } from './rollups.ts';

export const REPORT_METRICS = ['bets', 'wins', 'losses', 'pushes', 'voids', 'winRate', 'risked', 'net', 'roi', 'clv', 'members'] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];
export const REPORT_DIMENSIONS = ['capper', 'day', 'week', 'month', 'sport', 'league', 'betType'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** A report: which metrics, broken down by what, over which slice. Saved by name, run on demand or on a schedule. */
export const reportDefinitionSchema = z.object({
  metrics: z.array(z.enum(REPORT_METRICS)).min(1, 'choose at least one metric').max(REPORT_METRICS.length),
  dimension: z.enum(REPORT_DIMENSIONS),
  filter: metricsFilterSchema,
});
export type ReportDefinition = z.output<typeof reportDefinitionSchema>;

export const DEFAULT_REPORT: ReportDefinition = {
  metrics: ['bets', 'wins', 'losses', 'pushes', 'winRate', 'risked', 'net', 'roi', 'clv'],
  dimension: 'capper',
  filter: { period: 'month' },
};

const METRIC_COLUMNS: Record<ReportMetric, { label: string; kind: ColumnKind }> = {
  bets: { label: 'Bets', kind: 'int' },
  wins: { label: 'Wins', kind: 'int' },
  losses: { label: 'Losses', kind: 'int' },
  pushes: { label: 'Pushes', kind: 'int' },
  voids: { label: 'Voids', kind: 'int' },
  winRate: { label: 'Win rate', kind: 'percent' },
  risked: { label: 'Risked', kind: 'units' },
  net: { label: 'Net', kind: 'units' },
  roi: { label: 'ROI', kind: 'percent' },
  clv: { label: 'CLV', kind: 'percent' },
  members: { label: 'Members', kind: 'int' },
};

const DIMENSION_LABEL: Record<ReportDimension, string> = { capper: 'Capper', day: 'Day', week: 'Week of', month: 'Month', sport: 'Sport', league: 'League', betType: 'Bet type' };

interface Sums {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  risked: number;
  net: number;
  clvSum: number;
  clvN: number;
  members: number;
}

const empty = (): Sums => ({ bets: 0, wins: 0, losses: 0, pushes: 0, voids: 0, risked: 0, net: 0, clvSum: 0, clvN: 0, members: 0 });

function metricValue(roundUnits: (n: number) => number, m: ReportMetric, s: Sums): number | null {
  const risked = roundUnits(s.risked);
  const net = roundUnits(s.net);
  switch (m) {
    case 'winRate':
      return s.wins + s.losses === 0 ? null : s.wins / (s.wins + s.losses);
    case 'risked':
      return risked;
    case 'net':
      return net;
    case 'roi':
      return risked === 0 ? null : net / risked;
    case 'clv':
      return s.clvN === 0 ? null : s.clvSum / s.clvN;
    case 'members':
      return s.members;
    default:
      return s[m];
  }
}

/** The member rows each dimension needs: a capper's whole months add up; days, weeks and months need days; kinds need kinds. */
const GRAIN: Record<ReportDimension, Grain> = { capper: 'member', day: 'day', week: 'day', month: 'day', sport: 'kind', league: 'kind', betType: 'kind' };

/**
 * The SQL expression a dimension groups by, and how its value reads in the report. Grouping happens in the
 * database (over the covering day index), so a report over a million bets moves one row per group, not per
 * member-day. Months are a CASE over month-start days, computed here, since the day column is a plain number.
 */
function grouping(dimension: ReportDimension, dialect: string, range: { fromDay: number; toDay: number }): { expr: string; label: (k: unknown) => string } {
  const div = dialect === 'mysql' ? 'div' : '/';
  switch (dimension) {
    case 'capper':
      return { expr: 'user_id', label: String };
    case 'day':
      return { expr: 'day', label: (k) => isoDay(Number(k)) };
    case 'week':
      return { expr: `(day + 3) ${div} 7`, label: (k) => isoDay(Number(k) * 7 - 3) };
    case 'month': {
      const starts: number[] = [];
      const from = new Date(dayStart(range.fromDay));
      for (let d = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1); d < dayStart(range.toDay); ) {
        starts.push(Math.floor(d / 86_400_000));
        const m = new Date(d);
        d = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
      }
      if (starts.length === 0) return { expr: 'day', label: (k) => new Date(dayStart(Number(k))).toISOString().slice(0, 7) };
      const cases = starts.reverse().map((start) => `when day >= ${start} then ${start}`).join(' ');
      return { expr: `case ${cases} else 0 end`, label: (k) => new Date(dayStart(Number(k))).toISOString().slice(0, 7) };
    }
    case 'sport':
      return { expr: 'sport', label: (k) => String(k) || '(unknown)' };
    case 'league':
      return { expr: 'league', label: (k) => String(k) || '(unknown)' };
    case 'betType':
      return { expr: 'bet_type', label: (k) => String(k).replace('_', ' ') };
  }
}

/**
 * Runs a report over the roll-ups: one row per value of the dimension, the chosen metrics, and a totals row equal
 * to the slice's summary (the same numbers the dashboard and `/stats` show).
 */
export async function runReport(ctx: AnalyticsContext, guildId: string, def: ReportDefinition, title: string, now = Date.now()): Promise<ReportTable> {
  await ensureRollups(ctx, guildId);
  const betting = ctx.use('betting');
  const f: MetricsFilter = { ...def.filter, guildId };
  let range = dayRange(betting, f.period, now);
  if (def.dimension === 'month' && f.period === 'all') {
    const [first] = (await ctx.em().getConnection().execute('select min(day) as d from analytics_guild_days where guild_id = ?', [guildId])) as { d: unknown }[];
    if (first?.d !== null && first?.d !== undefined) range = { ...range, fromDay: Number(first.d) };
  }
  const src = memberRows(f, range, GRAIN[def.dimension]);
  const g = grouping(def.dimension, ctx.dialect, range);
  const grouped = (await ctx
    .em()
    .getConnection()
    .execute(
      `select ${g.expr} as k, sum(bets) as bets, sum(wins) as wins, sum(losses) as losses, sum(pushes) as pushes, sum(voids) as voids,
              sum(risked) as risked, sum(net) as net, sum(clv_sum) as clv_sum, sum(clv_n) as clv_n, count(distinct user_id) as members
       from ${src.from} group by ${g.expr}`,
      src.params,
    )) as Record<string, unknown>[];
  const groups = new Map<string, Sums>();
  for (const r of grouped) {
    const key = g.label(r.k);
    const prev = groups.get(key) ?? empty();
    groups.set(key, {
      bets: prev.bets + Number(r.bets),
      wins: prev.wins + Number(r.wins),
      losses: prev.losses + Number(r.losses),
      pushes: prev.pushes + Number(r.pushes),
      voids: prev.voids + Number(r.voids),
      risked: prev.risked + Number(r.risked),
      net: prev.net + Number(r.net),
      clvSum: prev.clvSum + Number(r.clv_sum),
      clvN: prev.clvN + Number(r.clv_n),
      members: prev.members + Number(r.members),
    });
  }
  const names = def.dimension === 'capper' || f.capper ? await ctx.discord.displayNames(guildId, [...groups.keys(), ...(f.capper ? [f.capper] : [])]) : {};
  const keys = [...groups.keys()];
  if (def.dimension === 'capper') keys.sort((a, b) => (groups.get(b)!.net - groups.get(a)!.net) || a.localeCompare(b));
  else keys.sort();
  const s = await summary(ctx, f, now);
  const totals: Record<string, string | number | null> = { key: 'Total' };
  const totalSums: Sums = { ...empty(), bets: s.bets, wins: s.wins, losses: s.losses, pushes: s.pushes, voids: s.voids, risked: s.risked, net: s.net, clvSum: (s.clv ?? 0) * 1, clvN: s.clv === null ? 0 : 1 };
  for (const m of def.metrics) totals[m] = m === 'members' ? s.activeMembers : metricValue(betting.roundUnits, m, totalSums);
  const settings = await ctx.settings.get(guildId);
  return {
    title,
    subtitle: `Generated ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    generatedAt: now,
    timeZone: settings.timeZone,
    filters: describeFilter(f, f.capper ? names[f.capper] : undefined),
    columns: [{ key: 'key', label: DIMENSION_LABEL[def.dimension], kind: 'text' }, ...def.metrics.map((m) => ({ key: m, ...METRIC_COLUMNS[m] }))],
    rows: keys.map((k) => {
      const g = groups.get(k)!;
      const row: Record<string, string | number | null> = { key: def.dimension === 'capper' ? (names[k] ?? k) : k };
      for (const m of def.metrics) row[m] = metricValue(betting.roundUnits, m, g);
      return row;
    }),
    totals,
    // The running net needs no members: drawn from the server's day rows, not the members'.
    chart: chartOf('net', await dailyTotals(ctx, f, now), describeFilter(f).map((x) => `${x.label}: ${x.value}`).join(' · ')),
  };
}
