import { Command } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, Refusal, safeEmbed } from 'dbsbm';
import { communityReport } from '../services/community.ts';
import type { MlContext } from '../services/context.ts';
import { liveAccuracy } from '../services/tracking.ts';

const f = (n: number | null, digits = 4): string => (n === null ? '—' : n.toFixed(digits));
const pct = (n: number | null): string => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

/** `/ml accuracy`: how the predictions people were shown turned out, beside the market on the same games. */
export function mlCommand(ctx: MlContext) {
  return class MlCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'ml', description: 'How the model is doing' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('ml')
          .setDescription('How the model is doing')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('accuracy')
              .setDescription('Live log-loss and accuracy of shown predictions, beside the market')
              .addBooleanOption((o) => o.setName('everywhere').setDescription('All servers, not just this one')),
          )
          .addSubcommand((s) => s.setName('community').setDescription('Volume forecast, members at risk, segments, anomalies (admins)')),
      );
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      if (interaction.options.getSubcommand() === 'community') return this.community(interaction);
      const all = interaction.options.getBoolean('everywhere') ?? false;
      const a = await liveAccuracy(ctx, all ? undefined : interaction.guildId!);
      const embed = safeEmbed()
        .setColor(Colors.info)
        .setTitle(`Live predictions${all ? '' : ' in this server'}: ${a.games} finished game${a.games === 1 ? '' : 's'}`)
        .addFields(
          { name: 'Model log-loss', value: f(a.logloss), inline: true },
          { name: 'Model accuracy', value: pct(a.accuracy), inline: true },
          { name: 'Model Brier', value: f(a.brier), inline: true },
          { name: `Market log-loss (${a.marketGames} games)`, value: f(a.marketLogloss), inline: true },
          { name: 'Model on those games', value: f(a.modelLoglossOnMarketGames), inline: true },
          { name: 'Market accuracy', value: pct(a.marketAccuracy), inline: true },
        )
        .setFooter({
          text: 'Lower log-loss is better. The market is the de-margined price when the prediction was shown. Each game counts once (its first prediction). The season-long test is in docs/ml.md.',
        });
      if (a.games === 0) embed.setDescription('No shown prediction has finished yet. Use /predict game, then check back after the match.');
      await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
    }

    private async community(interaction: ChatInputCommandInteraction): Promise<void> {
      if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', 'The community report is for admins: it needs the Manage Server permission.');
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const r = await communityReport(ctx, interaction.guildId!);
      const list = (xs: string[], none: string) => (xs.length ? xs.join('\n').slice(0, 1000) : none);
      await interaction.editReply({
        embeds: [
          safeEmbed()
            .setColor(Colors.info)
            .setTitle('Community (last 180 days)')
            .setDescription(`${r.bets} bets by ${r.members} members.`)
            .addFields(
              { name: `Bets expected per day, next 7 days (${r.forecast.method})`, value: r.forecast.next7.map((v) => v.toFixed(1)).join(' · ') },
              { name: 'Members who may be drifting away', value: list(r.atRisk.map((m) => `<@${m.memberId}> ${(m.risk * 100).toFixed(0)}%: ${m.reasons.slice(0, 2).join('; ')}`), 'Nobody stands out.') },
              { name: 'Segments', value: list(r.segments.map((s) => `${s.name}: ${s.members}`), 'Not enough settled bets yet.') },
              { name: 'Worth a look', value: list(r.anomalies.slice(0, 8).map((a) => `<@${a.memberId}> ${a.reason}`), 'No anomalies.') },
            )
            .setFooter({ text: 'Models trained on a documented simulation (docs/ml.md): pointers for a moderator, not verdicts.' }),
        ],
      });
    }
  };
}
