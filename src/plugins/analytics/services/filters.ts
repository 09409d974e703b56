import { z } from 'zod';
import type { BettingApi, Period } from './betting-api.ts';
import { dayOf } from './days.ts';

export type { Period };

/**
 * The periods `/stats` knows (betting's `periods`), spelled out because option choices and schemas are built at
 * import, before any plugin context exists. The compiler keeps the two lists equal (see `_samePeriods`).
 */
export const PERIODS = ['day', 'week', 'month', 'year', 'all'] as const satisfies readonly Period[];
const _samePeriods: [Exclude<Period, (typeof PERIODS)[number]>] extends [never] ? true : never = true;
export const BET_TYPES = ['game_line', 'player_prop', 'parlay'] as const;

/** What every analytics question can be narrowed by; shared by the commands, the dashboard and the reports. */
export const metricsFilterSchema = z.object({
  period: z.enum(PERIODS).default('month'),
  sport: z.string().trim().min(1).max(32).optional(),
  league: z.string().trim().min(1).max(64).optional(),
  /** A member's Discord id: their bets only. */
  capper: z.string().regex(/^\d{5,25}$/, 'capper must be a Discord user id').optional(),
  betType: z.enum(BET_TYPES).optional(),
});
export type MetricsFilter = z.output<typeof metricsFilterSchema> & { guildId: string };

/**
 * Days (UTC, since the epoch) a filter covers: [fromDay, toDay). The same calendar periods as `/stats`: their start
 * is betting's `periodStart`.
 */
export function dayRange(betting: Pick<BettingApi, 'periodStart'>, period: Period, now: number): { fromDay: number; toDay: number } {
  return { fromDay: period === 'all' ? 0 : dayOf(betting.periodStart(period, now)), toDay: dayOf(now) + 1 };
}

/** The SQL conditions of a filter over a roll-up table, and their parameters. */
export function rollupWhere(f: MetricsFilter, range: { fromDay: number; toDay: number }, opts: { user: boolean }): { sql: string; params: unknown[] } {
  const parts = ['guild_id = ?', 'day >= ?', 'day < ?'];
  const params: unknown[] = [f.guildId, range.fromDay, range.toDay];
  if (opts.user && f.capper) {
    parts.push('user_id = ?');
    params.push(f.capper);
  }
  for (const [column, value] of [
    ['sport', f.sport],
    ['league', f.league],
    ['bet_type', f.betType],
  ] as const) {
    if (value) {
      parts.push(`${column} = ?`);
      params.push(value);
    }
  }
  return { sql: parts.join(' and '), params };
}

/** A filter in words, for embeds, exports and the dashboard. */
export function describeFilter(f: MetricsFilter, capperName?: string): { label: string; value: string }[] {
  const out = [{ label: 'Period', value: f.period === 'all' ? 'all time' : `this ${f.period}` }];
  if (f.capper) out.push({ label: 'Capper', value: capperName ?? f.capper });
  if (f.sport) out.push({ label: 'Sport', value: f.sport });
  if (f.league) out.push({ label: 'League', value: f.league });
  if (f.betType) out.push({ label: 'Bet type', value: f.betType.replace('_', ' ') });
  return out;
}
