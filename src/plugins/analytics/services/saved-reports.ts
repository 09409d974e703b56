import { pageFrom, type Page } from 'dbsbm';
import type { AnalyticsContext } from './context.ts';
import { reportDefinitionSchema, type ReportDefinition } from './reports.ts';

export interface StoredReport {
  id: number;
  name: string;
  definition: ReportDefinition;
}

const parseRow = (r: Record<string, unknown>): StoredReport | undefined => {
  const raw = typeof r.definition === 'string' ? (JSON.parse(r.definition) as unknown) : r.definition;
  const def = reportDefinitionSchema.safeParse(raw);
  return def.success ? { id: Number(r.id), name: String(r.name), definition: def.data } : undefined;
};

export async function listReports(ctx: AnalyticsContext, guildId: string): Promise<StoredReport[]> {
  const rows = (await ctx.em().getConnection().execute('select id, name, definition from analytics_reports where guild_id = ? order by name', [guildId])) as Record<string, unknown>[];
  return rows.map(parseRow).filter((r): r is StoredReport => r !== undefined);
}

export async function findReport(ctx: AnalyticsContext, guildId: string, nameOrId: string | number): Promise<StoredReport | undefined> {
  const [sql, param] = typeof nameOrId === 'number' ? ['id = ?', nameOrId] : ['name = ?', nameOrId];
  const rows = (await ctx.em().getConnection().execute(`select id, name, definition from analytics_reports where guild_id = ? and ${sql}`, [guildId, param])) as Record<string, unknown>[];
  return rows[0] ? parseRow(rows[0]) : undefined;
}

/** Saves (or replaces) a report by name. */
export async function saveReport(ctx: AnalyticsContext, input: { guildId: string; name: string; definition: ReportDefinition; createdBy: string }): Promise<{ created: boolean }> {
  return ctx.em().transactional(async (tx) => {
    const conn = tx;
    const res = (await conn.execute('update analytics_reports set definition = ? where guild_id = ? and name = ?', [JSON.stringify(input.definition), input.guildId, input.name], 'run')) as {
      affectedRows?: number;
    };
    if ((res.affectedRows ?? 0) > 0) return { created: false };
    await conn.execute('insert into analytics_reports (guild_id, name, definition, created_by, created_at) values (?, ?, ?, ?, ?)', [
      input.guildId,
      input.name,
      JSON.stringify(input.definition),
      input.createdBy,
      Date.now(),
    ]);
    return { created: true };
  });
}

/** Deletes a report and stops its schedules (their pending jobs find them inactive and do nothing). */
export async function deleteReport(ctx: AnalyticsContext, guildId: string, id: number): Promise<void> {
  await ctx.em().transactional(async (tx) => {
    const conn = tx;
    await conn.execute('update analytics_schedules set active = ? where guild_id = ? and report_id = ?', [false, guildId, id]);
    await conn.execute('delete from analytics_reports where guild_id = ? and id = ?', [guildId, id]);
  });
}

/** A saved report with who saved it and when, as a page of the API lists it. */
export interface ListedReport extends StoredReport {
  createdBy: string;
  createdAt: number;
}

/**
 * A page of a server's saved reports by name (then id), after `after` (where the previous page ended). A stored
 * definition that no longer validates is left out, as in {@link listReports}, without cutting the page short.
 */
export async function reportsPage(ctx: AnalyticsContext, guildId: string, options: { after: { name: string; id: number } | null; limit: number }): Promise<Page<ListedReport>> {
  const { after, limit } = options;
  const rows = (await ctx
    .em()
    .getConnection()
    .execute(
      `select id, name, definition, created_by, created_at from analytics_reports where guild_id = ?${after ? ' and (name > ? or (name = ? and id > ?))' : ''} order by name, id limit ${Math.max(1, Math.floor(limit)) + 1}`,
      after ? [guildId, after.name, after.name, after.id] : [guildId],
    )) as Record<string, unknown>[];
  const page = pageFrom(rows, limit, (r) => ({ v: String(r.name), id: Number(r.id) }));
  return {
    ...page,
    data: page.data.flatMap((r) => {
      const report = parseRow(r);
      return report ? [{ ...report, createdBy: String(r.created_by), createdAt: Number(r.created_at) }] : [];
    }),
  };
}
