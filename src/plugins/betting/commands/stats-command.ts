import { Command } from '@sapphire/framework';
import { infoEmbed, Refusal } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { computeStats, isPeriod, PERIODS } from '../services/stats.ts';
import { percent, signedUnits, units } from '../views/bet-slip.ts';

/** `/stats [user] [period] [sport]`: a member's record from their settled bets alone. */
export function statsCommand(ctx: BettingContext) {
  return class StatsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'stats', description: 'Betting record of a member' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('stats')
          .setDescription('Betting record of a member')
          .setDMPermission(false)
          .addUserOption((o) => o.setName('user').setDescription('Whose record (default: yours)'))
          .addStringOption((o) => o.setName('period').setDescription('Which period (default: all)').addChoices(...PERIODS.map((p) => ({ name: p, value: p }))))
          .addStringOption((o) => o.setName('sport').setDescription('Only this sport, e.g. soccer').setMaxLength(32)),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const user = interaction.options.getUser('user') ?? interaction.user;
      const period = interaction.options.getString('period') ?? 'all';
      const sport = interaction.options.getString('sport') ?? undefined;
      // Checked before the public deferral: a refusal after it would replace the public reply.
      if (!isPeriod(period)) throw new Refusal('INVALID_INPUT', `"${period}" is not a period.`, { next: `Use one of: ${PERIODS.join(', ')}.` });
      await interaction.deferReply();
      const s = await computeStats(ctx, { guildId: interaction.guildId!, userId: user.id, period, sport });
      const streak = s.currentStreak.kind ? `${s.currentStreak.kind}${s.currentStreak.length}` : '—';
      const embed = infoEmbed(`${user.username} · ${period === 'all' ? 'all time' : `this ${period}`}${sport ? ` · ${sport}` : ''}`)
        .addFields(
          { name: 'Record (W-L-P)', value: `${s.wins}-${s.losses}-${s.pushes}`, inline: true },
          { name: 'Win rate', value: percent(s.winRate), inline: true },
          { name: 'Bets settled', value: String(s.bets), inline: true },
          { name: 'Units risked', value: units(s.risked), inline: true },
          { name: 'Net units', value: signedUnits(s.net), inline: true },
          { name: 'ROI', value: percent(s.roi), inline: true },
          { name: 'Streak', value: `${streak} (best W${s.longestWinStreak}, worst L${s.longestLossStreak})`, inline: true },
          { name: 'Closing line value', value: s.clv === null ? '—' : `${s.clv >= 0 ? '+' : ''}${(s.clv * 100).toFixed(1)}%`, inline: true },
          { name: 'Tailed / faded', value: `${s.tailed} / ${s.faded}`, inline: true },
        )
        .setFooter({ text: 'Computed from settled bets only · win rate = wins / (wins + losses) · ROI = net / risked' });
      await interaction.editReply({ embeds: [embed] });
    }
  };
}
