import { Command } from '@sapphire/framework';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, safeEmbed } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { memberInsights } from '../services/member-insights.ts';

const signed = (n: number): string => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(2)}u`;

/** `/insights`: a member's own risk-adjusted record and exposure; personal suggestions only if they opted in. */
export function insightsCommand(ctx: MlContext) {
  return class InsightsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'insights', description: 'Your risk-adjusted record, exposure and suggestions' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) => b.setName('insights').setDescription('Your risk-adjusted record, exposure and suggestions').setDMPermission(false));
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const i = await memberInsights(ctx, interaction.guildId!, interaction.user.id);
      const r = i.risk;
      const fields = [
        { name: 'Settled bets', value: String(r.bets), inline: true },
        { name: 'Net', value: signed(r.net), inline: true },
        { name: 'ROI', value: r.roi === null ? '—' : `${(r.roi * 100).toFixed(1)}%`, inline: true },
        { name: 'Worst drawdown', value: `${r.drawdown.units.toFixed(2)}u`, inline: true },
        { name: 'Sharpe-like (30 days)', value: r.sharpe === null ? '—' : r.sharpe.toFixed(2), inline: true },
        { name: 'Sortino-like', value: r.sortino === null ? '—' : r.sortino.toFixed(2), inline: true },
      ];
      const parts: string[] = [];
      if (i.rebalance.suggestions.length) parts.push(`**Exposure**\n${i.rebalance.suggestions.map((s) => s.message).join('\n')}`);
      if (i.blocked) parts.push(i.blocked);
      else if (!i.recommendationsEnabled) parts.push('Personal suggestions are off. Turn them on with `/preferences set ml_recommendations:true`.');
      else if (i.recommendations) {
        const recs = i.recommendations.recommendations.filter((x) => x.stake > 0).slice(0, 5);
        parts.push(recs.length ? `**Suggestions**\n${recs.map((x) => `${x.selection.label} at ${x.selection.decimal.toFixed(2)}: ${x.stake.toFixed(2)}u. ${x.reason}`).join('\n')}` : '**Suggestions**\nNothing worth a stake right now.');
        if (i.recommendations.losingRun.losing) parts.push('You are on a losing run, so suggested stakes are held at your usual size. They never go up to win back losses.');
      }
      await interaction.editReply({
        embeds: [
          safeEmbed()
            .setColor(Colors.info)
            .setTitle('Your insights')
            .addFields(fields)
            .setDescription(parts.join('\n\n') || 'Nothing stands out in your open bets.')
            .setFooter({ text: 'Only you see this. Sharpe-like = mean net per bet ÷ its spread × √(bets per 30 days).' }),
        ],
      });
    }
  };
}
