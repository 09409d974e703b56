import type { AnalyticsContext } from './context.ts';
import { exportFile, type ExportFile, type ExportFormat } from './export-file.ts';
import { claimExport, type ExportClaim } from './export-usage.ts';
import { runReport, type ReportDefinition } from './reports.ts';

/**
 * Runs a report into a file after taking one export from the server's monthly allowance, the order
 * `/analytics export` and `/analytics report run` follow: a server with none left is refused (`LIMIT_REACHED`)
 * before anything is computed.
 */
export async function exportReport(
  ctx: AnalyticsContext,
  input: { guildId: string; definition: ReportDefinition; title: string; format: ExportFormat },
): Promise<{ file: ExportFile; claim: ExportClaim; rows: number }> {
  const claim = await claimExport(ctx, input.guildId);
  const table = await runReport(ctx, input.guildId, input.definition, input.title);
  return { file: await exportFile(table, input.format), claim, rows: table.rows.length };
}
