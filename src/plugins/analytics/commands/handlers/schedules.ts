import { ChannelType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Refusal, infoEmbed, successEmbed } from 'dbsbm';
import type { AnalyticsContext } from '../../services/context.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../services/export-file.ts';
import { findReport } from '../../services/saved-reports.ts';
import { CADENCES, createSchedule, type Cadence } from '../../services/schedules.ts';

const when = (ms: number): string => `<t:${Math.floor(ms / 1000)}:f>`;

export async function scheduleHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string, sub: string): Promise<void> {
  const reply = (embed: ReturnType<typeof infoEmbed>) => interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  const conn = ctx.em().getConnection();
  if (sub === 'list') {
    const rows = (await conn.execute(
      'select s.id, s.cadence, s.format, s.target_kind, s.target_id, s.hour, s.time_zone, s.next_run_at, r.name from analytics_schedules s join analytics_reports r on r.id = s.report_id where s.guild_id = ? and s.active = ? order by s.id',
      [guildId, true],
    )) as Record<string, unknown>[];
    await reply(
      infoEmbed(
        'Scheduled reports',
        rows.length
          ? rows
              .map((r) => `**#${String(r.id)}** "${String(r.name)}" ${String(r.cadence)} at ${String(r.hour)}:00 ${String(r.time_zone)} as ${String(r.format).toUpperCase()} to ${r.target_kind === 'dm' ? `<@${String(r.target_id)}> by DM` : `<#${String(r.target_id)}>`} · next ${when(Number(r.next_run_at))}`)
              .join('\n')
          : 'None. Add one with `/analytics schedule add`.',
      ),
    );
    return;
  }
  if (sub === 'remove') {
    const id = interaction.options.getInteger('id', true);
    const res = (await conn.execute('update analytics_schedules set active = ? where guild_id = ? and id = ? and active = ?', [false, guildId, id, true], 'run')) as { affectedRows?: number; changes?: number };
    if ((res.affectedRows ?? res.changes ?? 0) === 0) {
      throw new Refusal('NOT_FOUND', `This server has no active schedule #${id}.`, { title: `No active schedule #${id} here`, next: 'See them with `/analytics schedule list`.' });
    }
    await reply(successEmbed(`Schedule #${id} stopped`));
    return;
  }
  const name = interaction.options.getString('report', true).trim();
  const report = await findReport(ctx, guildId, name);
  if (!report) {
    throw new Refusal('NOT_FOUND', `This server has no saved report called "${name}".`, {
      title: `No report called "${name}"`,
      next: 'Save one first with `/analytics report save`, or see them with `/analytics report list`.',
    });
  }
  const cadence = interaction.options.getString('cadence', true) as Cadence;
  const format = (interaction.options.getString('format') ?? 'pdf') as ExportFormat;
  const channel = interaction.options.getChannel('channel');
  if (!CADENCES.includes(cadence) || !EXPORT_FORMATS.includes(format) || (channel && channel.type !== ChannelType.GuildText)) {
    throw new Refusal('INVALID_INPUT', `cadence is one of ${CADENCES.join(', ')}; format one of ${EXPORT_FORMATS.join(', ')}; channel must be a text channel.`, { title: 'Schedule not added' });
  }
  const hour = interaction.options.getInteger('hour') ?? 9;
  const created = await createSchedule(ctx, {
    guildId,
    reportId: report.id,
    cadence,
    format,
    targetKind: channel ? 'channel' : 'dm',
    targetId: channel ? channel.id : interaction.user.id,
    hour,
    createdBy: interaction.user.id,
  });
  await reply(
    successEmbed(
      `Schedule #${created.id} added`,
      `"${report.name}" ${cadence} at ${hour}:00 (${created.timeZone}) as ${format.toUpperCase()} ${channel ? `in <#${channel.id}>` : 'to you by DM'}. First delivery ${when(created.nextRunAt)}. Each delivery counts as an export. Change the server's time zone with \`/settings set plugin:analytics key:timeZone\`.`,
    ),
  );
}
