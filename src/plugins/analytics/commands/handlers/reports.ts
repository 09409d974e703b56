import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Refusal, infoEmbed, successEmbed } from 'dbsbm';
import type { AnalyticsContext } from '../../services/context.ts';
import { EXPORT_FORMATS, exportFile, type ExportFormat } from '../../services/export-file.ts';
import { claimExport } from '../../services/export-usage.ts';
import { DEFAULT_REPORT, REPORT_METRICS, reportDefinitionSchema, runReport, type ReportDefinition } from '../../services/reports.ts';
import { deleteReport, findReport, listReports, saveReport } from '../../services/saved-reports.ts';
import { filterFromOptions, issuesText, readFilterOptions } from '../options.ts';
import { progressBar, throttledProgress } from '../progress.ts';

const formatOf = (interaction: ChatInputCommandInteraction, fallback: ExportFormat): ExportFormat => {
  const f = interaction.options.getString('format');
  return (EXPORT_FORMATS as readonly string[]).includes(f ?? '') ? (f as ExportFormat) : fallback;
};

/** Runs a report into a file, editing the deferred reply with progress, after taking one export from the allowance. */
async function deliverExport(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string, def: ReportDefinition, title: string, format: ExportFormat): Promise<void> {
  // Refuses (LIMIT_REACHED) before anything is deferred or taken.
  const claim = await claimExport(ctx, guildId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const show = (text: string) => interaction.editReply({ embeds: [infoEmbed(`Exporting "${title}"`, text)] });
  await show(`Computing the numbers… ${progressBar(0, 1)}`);
  const table = await runReport(ctx, guildId, def, title);
  const progress = throttledProgress((done, total) => show(`Writing ${format.toUpperCase()}: ${done} of ${total} rows\n${progressBar(done, total)}`));
  const file = await exportFile(table, format, progress);
  await progress.settle();
  await interaction.editReply({
    embeds: [successEmbed(`Export ready: ${title}`, `${table.rows.length} rows · ${format.toUpperCase()} · export ${claim.used} of ${claim.limit} this month`)],
    files: [new AttachmentBuilder(file.data, { name: file.name })],
  });
}

export async function exportHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const { guildId: _g, ...filter } = filterFromOptions(interaction, guildId);
  const def = reportDefinitionSchema.parse({ ...DEFAULT_REPORT, dimension: interaction.options.getString('by') ?? DEFAULT_REPORT.dimension, filter });
  await deliverExport(ctx, interaction, guildId, def, 'Server analytics', formatOf(interaction, 'csv'));
}

export async function reportHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string, sub: string): Promise<void> {
  const reply = (embed: ReturnType<typeof infoEmbed>) => interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  if (sub === 'list') {
    const reports = await listReports(ctx, guildId);
    await reply(
      infoEmbed(
        'Saved reports',
        reports.length
          ? reports.map((r) => `**${r.name}**: ${r.definition.metrics.join(', ')} by ${r.definition.dimension}, ${r.definition.filter.period}`).join('\n')
          : 'None yet. Save one with `/analytics report save`.',
      ),
    );
    return;
  }
  const name = interaction.options.getString('name', true).trim();
  if (sub === 'save') {
    const parsedFilter = readFilterOptions(interaction, guildId);
    const metrics = (interaction.options.getString('metrics') ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const { guildId: _g, ...filter } = parsedFilter.filter ?? { guildId };
    const def = reportDefinitionSchema.safeParse({
      metrics: metrics.length ? metrics : DEFAULT_REPORT.metrics,
      dimension: interaction.options.getString('by') ?? DEFAULT_REPORT.dimension,
      filter,
    });
    const problems = [
      ...parsedFilter.problems,
      ...(def.success ? [] : issuesText(def.error.issues)),
      ...(/^[\w .-]{1,64}$/.test(name) ? [] : ['name: use letters, digits, spaces, dots, dashes (at most 64)']),
    ];
    if (problems.length > 0 || !def.success) {
      throw new Refusal('INVALID_INPUT', problems.join('\n'), { title: 'Report not saved', next: `Metrics are any of: ${REPORT_METRICS.join(', ')}.` });
    }
    const saved = await saveReport(ctx, { guildId, name, definition: def.data, createdBy: interaction.user.id });
    await reply(successEmbed(saved.created ? `Report "${name}" saved` : `Report "${name}" updated`, `Run it with \`/analytics report run name:${name}\`, or deliver it on a schedule with \`/analytics schedule add\`.`));
    return;
  }
  const report = await findReport(ctx, guildId, name);
  if (!report) throw new Refusal('NOT_FOUND', `This server has no saved report called "${name}".`, { title: `No report called "${name}"`, next: 'See the saved reports with `/analytics report list`.' });
  if (sub === 'delete') {
    await deleteReport(ctx, guildId, report.id);
    await reply(successEmbed(`Report "${name}" deleted`, 'Its schedules were stopped too.'));
    return;
  }
  await deliverExport(ctx, interaction, guildId, report.definition, report.name, formatOf(interaction, 'pdf'));
}
