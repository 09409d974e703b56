import { Refusal, tierAllows } from 'dbsbm';
import type { AnalyticsContext } from './context.ts';

/** Exports a month each tier allows; a server's `exportsPerMonth` setting can only lower it. */
export const TIER_EXPORTS_PER_MONTH = { free: 0, premium: 0, platinum: 50 } as const;

export const monthKey = (now: number): number => {
  const d = new Date(now);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};

/** An export taken from the allowance: how many are used this month (this one included) of how many. */
export interface ExportClaim {
  used: number;
  limit: number;
}

/**
 * Takes one export from the server's monthly allowance, atomically (two exports at once cannot both take the
 * last one). When none is left it throws a `LIMIT_REACHED` {@link Refusal} saying when the allowance renews (and
 * takes nothing).
 */
export async function claimExport(ctx: AnalyticsContext, guildId: string, now = Date.now(), key?: string): Promise<ExportClaim> {
  const info = await ctx.guild(guildId);
  const settings = await ctx.settings.get(guildId);
  const tierLimit = tierAllows(info.tier, 'platinum') ? TIER_EXPORTS_PER_MONTH.platinum : 0;
  const limit = Math.min(tierLimit, settings.exportsPerMonth);
  const month = monthKey(now);
  // The month's row first, on its own (two first exports of a month must not both insert it).
  await ctx.em().getConnection().execute(
    `${ctx.dialect === 'mysql' ? 'insert ignore' : 'insert or ignore'} into analytics_export_usage (guild_id, month, used) values (?, ?, 0)`,
    [guildId, month],
  );
  return ctx.em().transactional(async (tx) => {
    const conn = tx;
    const usedNow = async () => Number(((await conn.execute('select used from analytics_export_usage where guild_id = ? and month = ?', [guildId, month])) as { used: unknown }[])[0]?.used ?? 0);
    if (key && ((await conn.execute('select claim_key from analytics_export_claims where claim_key = ?', [key])) as unknown[]).length > 0) {
      return { used: await usedNow(), limit };
    }
    const res = (await conn.execute('update analytics_export_usage set used = used + 1 where guild_id = ? and month = ? and used < ?', [guildId, month, limit], 'run')) as {
      affectedRows?: number;
      changes?: number;
    };
    const used = await usedNow();
    if ((res.affectedRows ?? res.changes ?? 0) === 0) {
      const d = new Date(now);
      const renew = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
      throw new Refusal('LIMIT_REACHED', `This server has used ${used} of its ${limit} exports this month. The allowance renews on ${renew}; an admin can check it with /analytics usage.`, {
        title: 'Export allowance used up',
        extras: { used, limit, renewsOn: renew },
      });
    }
    if (key) await conn.execute('insert into analytics_export_claims (claim_key, guild_id, month) values (?, ?, ?)', [key, guildId, month]);
    return { used, limit };
  });
}

/** Exports used this month and the allowance. */
export async function exportUsage(ctx: AnalyticsContext, guildId: string, now = Date.now()): Promise<{ used: number; limit: number }> {
  const info = await ctx.guild(guildId);
  const settings = await ctx.settings.get(guildId);
  const limit = Math.min(tierAllows(info.tier, 'platinum') ? TIER_EXPORTS_PER_MONTH.platinum : 0, settings.exportsPerMonth);
  const rows = (await ctx.em().getConnection().execute('select used from analytics_export_usage where guild_id = ? and month = ?', [guildId, monthKey(now)])) as { used: unknown }[];
  return { used: Number(rows[0]?.used ?? 0), limit };
}
