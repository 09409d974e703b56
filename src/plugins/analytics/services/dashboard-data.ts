import type { AnalyticsContext } from './context.ts';
import { benchmark, type Benchmark } from './benchmark.ts';
import { engagement, type Engagement } from './engagement.ts';
import { describeFilter, type MetricsFilter } from './filters.ts';
import { byCapper, capperBets, daily, summary, type BetRow, type CapperRow, type DailyPoint, type MetricsSummary } from './metrics.ts';

/** Everything the dashboard shows for one filter: the same services the commands and exports use. */
export interface DashboardData {
  guildId: string;
  generatedAt: number;
  filter: MetricsFilter;
  filterText: { label: string; value: string }[];
  summary: MetricsSummary;
  daily: DailyPoint[];
  cappers: (CapperRow & { name: string })[];
  /** The selected capper's bets (drill-down), or null at server level. */
  bets: BetRow[] | null;
  engagement: Engagement;
  benchmark: Benchmark;
  /** Sports and leagues seen in this server, for the filter menus. */
  options: { sports: string[]; leagues: string[] };
}

export async function dashboardData(ctx: AnalyticsContext, f: MetricsFilter, now = Date.now()): Promise<DashboardData> {
  const [s, d, cappers, e, b] = [await summary(ctx, f, now), await daily(ctx, f, now), await byCapper(ctx, f, now, 50), await engagement(ctx, f.guildId, now), await benchmark(ctx, f, 'net', now)];
  const names = await ctx.discord.displayNames(f.guildId, cappers.map((c) => c.userId).concat(f.capper ? [f.capper] : []));
  const opts = (await ctx
    .em()
    .getConnection()
    .execute('select distinct sport, league from analytics_guild_days where guild_id = ?', [f.guildId])) as { sport: string; league: string }[];
  return {
    guildId: f.guildId,
    generatedAt: now,
    filter: f,
    filterText: describeFilter(f, f.capper ? names[f.capper] : undefined),
    summary: s,
    daily: d,
    cappers: cappers.map((c) => ({ ...c, name: names[c.userId] ?? c.userId })),
    bets: f.capper ? await capperBets(ctx, { ...f, capper: f.capper }, now) : null,
    engagement: e,
    benchmark: b,
    options: {
      sports: [...new Set(opts.map((o) => o.sport).filter(Boolean))].sort(),
      leagues: [...new Set(opts.map((o) => o.league).filter(Boolean))].sort(),
    },
  };
}
