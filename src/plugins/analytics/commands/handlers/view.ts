import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, Refusal, infoEmbed, safeEmbed } from 'dbsbm';
import { CHART_METRICS, chartOf, type ChartMetric } from '../../services/chart-data.ts';
import type { AnalyticsContext } from '../../services/context.ts';
import { createDashboardToken } from '../../services/dashboard-link.ts';
import { chartFile } from '../../services/export-file.ts';
import { exportUsage } from '../../services/export-usage.ts';
import { describeFilter } from '../../services/filters.ts';
import { daily, summary } from '../../services/metrics.ts';
import { filterFromOptions } from '../options.ts';

/** `/analytics dashboard`: a signed link, valid for the server's configured minutes, shown only to the admin. */
export async function dashboardHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const secret = ctx.options.linkSecret;
  if (!secret) {
    throw new Refusal('UNAVAILABLE', 'The bot needs DBSBM_SECRET_KEY (32+ characters) to sign links.', {
      title: 'Dashboard links are not set up',
      next: 'Whoever runs the bot can set it and restart.',
    });
  }
  const { dashboardLinkMinutes } = await ctx.settings.get(guildId);
  const expiresAt = Date.now() + dashboardLinkMinutes * 60_000;
  const token = createDashboardToken(secret, { guildId, userId: interaction.user.id, expiresAt });
  const base = ctx.options.publicUrl ?? `http://127.0.0.1:${ctx.config.HTTP_PORT}`;
  const url = `${base.replace(/\/$/, '')}/dashboard?t=${encodeURIComponent(token)}`;
  await interaction.reply({
    embeds: [
      infoEmbed(
        'Your analytics dashboard',
        `[Open the dashboard](${url})\n\nThe link works for ${dashboardLinkMinutes} minutes and shows this server only. Anyone with it can look, so do not share it. Numbers update live as bets settle.`,
      ),
    ],
    flags: MessageFlags.Ephemeral,
  });
}

/** `/analytics chart`: a PNG of a metric over the period, with the period's totals beside it. */
export async function chartHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const metric = interaction.options.getString('metric', true);
  // Checked before deferring publicly, so a refusal stays private.
  const f = filterFromOptions(interaction, guildId);
  if (!(CHART_METRICS as readonly string[]).includes(metric)) throw new Refusal('INVALID_INPUT', `metric must be one of ${CHART_METRICS.join(', ')}`, { title: 'Check the options' });
  await interaction.deferReply();
  const { format } = ctx.use('betting');
  const [points, s] = [await daily(ctx, f), await summary(ctx, f)];
  const subtitle = describeFilter(f, interaction.options.getUser('capper')?.username).map((x) => `${x.label}: ${x.value}`).join(' · ');
  const file = await chartFile(chartOf(metric as ChartMetric, points, subtitle));
  const embed = safeEmbed()
    .setColor(Colors.info)
    .setTitle(chartOf(metric as ChartMetric, []).title)
    .setDescription(subtitle)
    .addFields(
      { name: 'Bets', value: String(s.bets), inline: true },
      { name: 'Record', value: `${s.wins}-${s.losses}-${s.pushes}`, inline: true },
      { name: 'Win rate', value: format.percent(s.winRate), inline: true },
      { name: 'Risked', value: format.units(s.risked), inline: true },
      { name: 'Net', value: format.signedUnits(s.net), inline: true },
      { name: 'ROI', value: format.percent(s.roi), inline: true },
    )
    .setImage(`attachment://${file.name}`)
    .setFooter({ text: 'Settled bets, by the UTC day they settled · the same numbers as /stats and the dashboard' });
  await interaction.editReply({ embeds: [embed], files: [new AttachmentBuilder(file.data, { name: file.name })] });
}

export async function usageHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const u = await exportUsage(ctx, guildId);
  await interaction.reply({
    embeds: [infoEmbed('Exports this month', `${u.used} of ${u.limit} used. Exports and scheduled deliveries both count; the allowance renews on the 1st (UTC).`)],
    flags: MessageFlags.Ephemeral,
  });
}

/** `/analytics patterns`: a member's own detected patterns, privately; nothing for a member who has not consented. */
export async function patternsHandler(ctx: AnalyticsContext, interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const prefs = await ctx.users.get(interaction.user.id);
  if (!prefs.analyticsConsent) {
    await interaction.reply({
      embeds: [infoEmbed('Analytics is off for you', 'Nothing about your betting habits is recorded. To turn it on: `/preferences set analytics:true`. You can turn it off again at any time.')],
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const rows = (await ctx
    .em()
    .getConnection()
    .execute('select pattern_type, pattern_data, confidence_score from betting_patterns where guild_id = ? and user_id = ? order by confidence_score desc', [guildId, interaction.user.id])) as {
    pattern_type: string;
    pattern_data: unknown;
    confidence_score: unknown;
  }[];
  const lines = rows.map((r) => {
    const data = (typeof r.pattern_data === 'string' ? JSON.parse(r.pattern_data) : r.pattern_data) as { summary?: string } | null;
    return `**${r.pattern_type.replaceAll('_', ' ')}** (${Math.round(Number(r.confidence_score) * 100)}% sure)\n${data?.summary ?? ''}`;
  });
  await interaction.reply({
    embeds: [
      infoEmbed(
        'Patterns in your betting',
        lines.length ? `${lines.join('\n\n')}\n\nOnly you can see this. \`/limits\` sets guard rails if you want them.` : 'Nothing stands out in your recent bets.',
      ),
    ],
    flags: MessageFlags.Ephemeral,
  });
}
