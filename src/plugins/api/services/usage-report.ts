import type { ApiContext } from './context.ts';

/** One endpoint's calls in a period. */
export interface EndpointUsage {
  method: string;
  endpoint: string;
  calls: number;
  errors: number;
  /** 95th percentile of the answer time, milliseconds (nearest rank). */
  p95Ms: number;
}

/** A server's API calls in a period: per endpoint, and per day for the chart. */
export interface UsageReport {
  from: number;
  to: number;
  calls: number;
  errors: number;
  endpoints: EndpointUsage[];
  days: { day: string; calls: number; errors: number }[];
}

/** Reads a server's usage between `from` and `to` (ms). Errors are answers with status 400 or more. */
export async function usageReport(ctx: ApiContext, guildId: string, from: number, to: number): Promise<UsageReport> {
  const groups = await ctx.data.all<{ method: string; endpoint: string; calls: number; errors: number }>(
    'select method, endpoint, count(*) as calls, sum(case when status_code >= 400 then 1 else 0 end) as errors from api_usage where guild_id = ? and timestamp >= ? and timestamp < ? group by method, endpoint order by calls desc, method, endpoint',
    [guildId, from, to],
  );
  const endpoints: EndpointUsage[] = [];
  for (const g of groups) {
    const calls = Number(g.calls);
    // Nearest rank: the answer time that 95 % of calls did not exceed, read by the database without moving the rows.
    const rank = Math.max(0, Math.ceil(calls * 0.95) - 1);
    const p95 = await ctx.data.get<{ response_time: number }>(
      'select response_time from api_usage where guild_id = ? and method = ? and endpoint = ? and timestamp >= ? and timestamp < ? order by response_time asc limit 1 offset ?',
      [guildId, g.method, g.endpoint, from, to, rank],
    );
    endpoints.push({ method: g.method, endpoint: g.endpoint, calls, errors: Number(g.errors), p95Ms: Number(p95?.response_time ?? 0) });
  }
  const dayRows = await ctx.data.all<{ day: number; calls: number; errors: number }>(
    'select floor(timestamp / 86400000) as day, count(*) as calls, sum(case when status_code >= 400 then 1 else 0 end) as errors from api_usage where guild_id = ? and timestamp >= ? and timestamp < ? group by floor(timestamp / 86400000) order by day',
    [guildId, from, to],
  );
  const days = dayRows.map((d) => ({ day: new Date(Number(d.day) * 86_400_000).toISOString().slice(0, 10), calls: Number(d.calls), errors: Number(d.errors) }));
  return { from, to, calls: endpoints.reduce((n, e) => n + e.calls, 0), errors: endpoints.reduce((n, e) => n + e.errors, 0), endpoints, days };
}

/** Drops usage rows older than `keepDays` (a daily job). */
export async function purgeUsage(ctx: ApiContext, keepDays: number, now = Date.now()): Promise<number> {
  return (await ctx.data.run('delete from api_usage where timestamp < ?', [now - keepDays * 86_400_000])).changes;
}
