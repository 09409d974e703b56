import { Command } from '@sapphire/framework';
import { PermissionFlagsBits, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { Refusal } from 'dbsbm';
import { BET_TYPES, PERIODS } from '../services/filters.ts';
import { CHART_METRICS } from '../services/chart-data.ts';
import { EXPORT_FORMATS } from '../services/export-file.ts';
import { CADENCES } from '../services/schedules.ts';
import { REPORT_DIMENSIONS } from '../services/reports.ts';
import type { AnalyticsContext } from '../services/context.ts';
import { chartHandler, dashboardHandler, patternsHandler, usageHandler } from './handlers/view.ts';
import { exportHandler, reportHandler } from './handlers/reports.ts';
import { scheduleHandler } from './handlers/schedules.ts';

const choices = (values: readonly string[]) => values.map((v) => ({ name: v.replace('_', ' '), value: v }));

function withFilters(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return s
    .addStringOption((o) => o.setName('period').setDescription('Which period (default: this month)').addChoices(...choices(PERIODS)))
    .addUserOption((o) => o.setName('capper').setDescription('Only this member'))
    .addStringOption((o) => o.setName('sport').setDescription('Only this sport, e.g. soccer'))
    .addStringOption((o) => o.setName('league').setDescription('Only this league, e.g. premier-league'))
    .addStringOption((o) => o.setName('bet_type').setDescription('Only this kind of bet').addChoices(...choices(BET_TYPES)));
}

/** Subcommands that show a server's numbers to its admins (members see their own through /stats). */
const ADMIN_ONLY = new Set(['dashboard', 'export', 'report', 'schedule', 'usage']);

/** `/analytics`: the dashboard link, charts, exports, saved and scheduled reports, and a member's own patterns. */
export function analyticsCommand(ctx: AnalyticsContext) {
  return class AnalyticsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'analytics', description: 'Server analytics: dashboard, charts, reports, exports' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('analytics')
          .setDescription('Server analytics: dashboard, charts, reports, exports')
          .setDMPermission(false)
          .addSubcommand((s) => s.setName('dashboard').setDescription('A private link to the live dashboard (admins)'))
          .addSubcommand((s) =>
            withFilters(
              s
                .setName('chart')
                .setDescription('A chart of a metric over a period')
                .addStringOption((o) => o.setName('metric').setDescription('What to chart').setRequired(true).addChoices(...choices(CHART_METRICS))),
            ),
          )
          .addSubcommand((s) =>
            withFilters(
              s
                .setName('export')
                .setDescription('Export the numbers as CSV, Excel or PDF (admins)')
                .addStringOption((o) => o.setName('format').setDescription('File format').setRequired(true).addChoices(...choices(EXPORT_FORMATS)))
                .addStringOption((o) => o.setName('by').setDescription('Break down by (default: capper)').addChoices(...choices(REPORT_DIMENSIONS))),
            ),
          )
          .addSubcommand((s) => s.setName('usage').setDescription("This month's exports against the allowance (admins)"))
          .addSubcommand((s) => s.setName('patterns').setDescription('Patterns in your own betting (only you see them)'))
          .addSubcommandGroup((g) =>
            g
              .setName('report')
              .setDescription('Saved reports (admins)')
              .addSubcommand((s) =>
                withFilters(
                  s
                    .setName('save')
                    .setDescription('Save a report by name')
                    .addStringOption((o) => o.setName('name').setDescription('A name, e.g. monthly-cappers').setRequired(true).setMaxLength(64))
                    .addStringOption((o) => o.setName('metrics').setDescription('Comma-separated, e.g. bets,net,roi (default: all)'))
                    .addStringOption((o) => o.setName('by').setDescription('Break down by (default: capper)').addChoices(...choices(REPORT_DIMENSIONS))),
                ),
              )
              .addSubcommand((s) =>
                s
                  .setName('run')
                  .setDescription('Run a saved report')
                  .addStringOption((o) => o.setName('name').setDescription('The report').setRequired(true))
                  .addStringOption((o) => o.setName('format').setDescription('File format (default: pdf)').addChoices(...choices(EXPORT_FORMATS))),
              )
              .addSubcommand((s) => s.setName('list').setDescription('The saved reports'))
              .addSubcommand((s) =>
                s
                  .setName('delete')
                  .setDescription('Delete a saved report and its schedules')
                  .addStringOption((o) => o.setName('name').setDescription('The report').setRequired(true)),
              ),
          )
          .addSubcommandGroup((g) =>
            g
              .setName('schedule')
              .setDescription('Reports delivered on a schedule (admins)')
              .addSubcommand((s) =>
                s
                  .setName('add')
                  .setDescription('Deliver a saved report daily, weekly or monthly')
                  .addStringOption((o) => o.setName('report').setDescription('The saved report').setRequired(true))
                  .addStringOption((o) => o.setName('cadence').setDescription('How often').setRequired(true).addChoices(...choices(CADENCES)))
                  .addStringOption((o) => o.setName('format').setDescription('File format (default: pdf)').addChoices(...choices(EXPORT_FORMATS)))
                  .addIntegerOption((o) => o.setName('hour').setDescription("Hour of day in the server's time zone (default 9)").setMinValue(0).setMaxValue(23))
                  .addChannelOption((o) => o.setName('channel').setDescription('Post here (default: send it to you by DM)')),
              )
              .addSubcommand((s) => s.setName('list').setDescription('The schedules'))
              .addSubcommand((s) =>
                s
                  .setName('remove')
                  .setDescription('Stop a schedule')
                  .addIntegerOption((o) => o.setName('id').setDescription('The schedule number from /analytics schedule list').setRequired(true)),
              ),
          ),
      );
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId;
      if (!guildId) throw new Refusal('NOT_ALLOWED', 'Analytics are per server.', { title: 'Use this in a server', next: 'Run it in a channel of your server.' });
      const group = interaction.options.getSubcommandGroup(false);
      const sub = interaction.options.getSubcommand();
      if (ADMIN_ONLY.has(group ?? sub) && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', 'This needs the Manage Server permission.', {
          title: 'Admins only',
          next: 'Members can see their own numbers with /stats and /analytics patterns.',
        });
      }
      if (group === 'report') return reportHandler(ctx, interaction, guildId, sub);
      if (group === 'schedule') return scheduleHandler(ctx, interaction, guildId, sub);
      switch (sub) {
        case 'dashboard':
          return dashboardHandler(ctx, interaction, guildId);
        case 'chart':
          return chartHandler(ctx, interaction, guildId);
        case 'export':
          return exportHandler(ctx, interaction, guildId);
        case 'usage':
          return usageHandler(ctx, interaction, guildId);
        case 'patterns':
          return patternsHandler(ctx, interaction, guildId);
      }
    }
  };
}
