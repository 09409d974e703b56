import { Command } from '@sapphire/framework';
import { infoEmbed, Refusal } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { isLeaderboardMetric, isPeriod, LEADERBOARD_METRICS, leaderboard, PERIODS, type LeaderboardMetric } from '../services/stats.ts';
import { percent, signedUnits } from '../views/bet-slip.ts';

const LABEL: Record<LeaderboardMetric, string> = { net: 'net units', roi: 'ROI', winrate: 'win rate', bets: 'bets settled' };

/** `/leaderboard metric period`: the server's best, among members with enough settled bets. */
export function leaderboardCommand(ctx: BettingContext) {
  return class LeaderboardCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'leaderboard', description: "The server's best bettors" });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('leaderboard')
          .setDescription("The server's best bettors")
          .setDMPermission(false)
          .addStringOption((o) => o.setName('metric').setDescription('Rank by (default: net units)').addChoices(...LEADERBOARD_METRICS.map((m) => ({ name: LABEL[m], value: m }))))
          .addStringOption((o) => o.setName('period').setDescription('Which period (default: month)').addChoices(...PERIODS.map((p) => ({ name: p, value: p })))),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const metric = interaction.options.getString('metric') ?? 'net';
      const period = interaction.options.getString('period') ?? 'month';
      // Checked before the public deferral: a refusal after it would replace the public reply.
      if (!isLeaderboardMetric(metric)) throw new Refusal('INVALID_INPUT', `"${metric}" is not a leaderboard metric.`, { next: `Use one of: ${LEADERBOARD_METRICS.join(', ')}.` });
      if (!isPeriod(period)) throw new Refusal('INVALID_INPUT', `"${period}" is not a period.`, { next: `Use one of: ${PERIODS.join(', ')}.` });
      // A cold board over a large history can take longer than Discord's 3 s to answer: acknowledge first.
      await interaction.deferReply();
      const rows = await leaderboard(ctx, interaction.guildId!, metric, period);
      const { leaderboardMinBets } = await ctx.settings.get(interaction.guildId!);
      const lines = rows.map((r) => `**${r.rank}.** <@${r.userId}> · ${signedUnits(r.net)} · ROI ${percent(r.roi)} · ${r.wins}-${r.losses} · ${r.bets} bets`);
      const embed = infoEmbed(`Leaderboard · ${LABEL[metric]} · ${period === 'all' ? 'all time' : `this ${period}`}`, lines.join('\n') || `Nobody has ${leaderboardMinBets} settled bets in this period yet.`).setFooter({
        text: `Members need ${leaderboardMinBets} settled bets to be ranked`,
      });
      await interaction.editReply({ embeds: [embed] });
    }
  };
}
