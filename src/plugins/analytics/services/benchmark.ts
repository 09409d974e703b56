import type { BettingApi, Period } from './betting-api.ts';
import type { AnalyticsContext } from './context.ts';
import { dayOf, dayStart } from './days.ts';
import type { MetricsFilter } from './filters.ts';
import { memberRows, serverRows } from './rollup-source.ts';
import { ensureRollups } from './rollups.ts';

export const BENCHMARK_METRICS = ['net', 'bets', 'risked', 'roi', 'winRate'] as const;
export type BenchmarkMetric = (typeof BENCHMARK_METRICS)[number];

export interface Benchmark {
  metric: BenchmarkMetric;
  period: Exclude<Period, 'all'>;
  current: number | null;
  /** Mean of the previous periods that had bets (up to `history`). */
  trailingAverage: number | null;
  /** Share of previous periods at or below this one (0..1); null without history. */
  percentile: number | null;
  previous: { start: string; value: number | null }[];
}

interface Bucket {
  bets: number;
  wins: number;
  losses: number;
  risked: number;
  net: number;
}

function value(roundUnits: BettingApi['roundUnits'], metric: BenchmarkMetric, b: Bucket): number | null {
  switch (metric) {
    case 'net':
      return roundUnits(b.net);
    case 'bets':
      return b.bets;
    case 'risked':
      return roundUnits(b.risked);
    case 'roi':
      return b.risked === 0 ? null : roundUnits(b.net) / roundUnits(b.risked);
    case 'winRate':
      return b.wins + b.losses === 0 ? null : b.wins / (b.wins + b.losses);
  }
}

/**
 * This period against the server's (or capper's) own history: the trailing average of the previous `history`
 * periods of the same kind, and where this one ranks among them.
 */
export async function benchmark(
  ctx: AnalyticsContext,
  f: MetricsFilter,
  metric: BenchmarkMetric,
  now = Date.now(),
  history = 12,
): Promise<Benchmark> {
  await ensureRollups(ctx, f.guildId);
  const { periodStart, roundUnits } = ctx.use('betting');
  const period: Exclude<Period, 'all'> = f.period === 'all' ? 'month' : f.period;
  const starts = [periodStart(period, now)];
  for (let i = 0; i < history; i++) starts.push(periodStart(period, starts[starts.length - 1]! - 1));
  const oldest = starts[starts.length - 1]!;
  const range = { fromDay: dayOf(oldest), toDay: dayOf(now) + 1 };
  // The server's day rows, or a capper's member rows by day (without kinds unless the filter names one).
  const src = f.capper ? memberRows(f, range, 'day') : serverRows(f, range);
  const daysRows = (await ctx
    .em()
    .getConnection()
    .execute(`select day, sum(bets) as bets, sum(wins) as wins, sum(losses) as losses, sum(risked) as risked, sum(net) as net from ${src.from} group by day`, src.params)) as Record<string, unknown>[];
  const buckets = starts.map<Bucket>(() => ({ bets: 0, wins: 0, losses: 0, risked: 0, net: 0 }));
  for (const r of daysRows) {
    const at = dayStart(Number(r.day));
    const i = starts.findIndex((s) => at >= s);
    if (i < 0) continue;
    const b = buckets[i]!;
    b.bets += Number(r.bets ?? 0);
    b.wins += Number(r.wins ?? 0);
    b.losses += Number(r.losses ?? 0);
    b.risked += Number(r.risked ?? 0);
    b.net += Number(r.net ?? 0);
  }
  const current = value(roundUnits, metric, buckets[0]!);
  const previous = starts.slice(1).map((s, i) => ({ start: new Date(s).toISOString().slice(0, 10), value: buckets[i + 1]!.bets > 0 ? value(roundUnits, metric, buckets[i + 1]!) : null }));
  const known = previous.map((p) => p.value).filter((v): v is number => v !== null);
  return {
    metric,
    period,
    current,
    trailingAverage: known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length,
    percentile: known.length === 0 || current === null ? null : known.filter((v) => v <= current).length / known.length,
    previous,
  };
}
