import { Command } from '@sapphire/framework';
import { EmbedBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors } from 'dbsbm';
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
          ),
      );
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      const all = interaction.options.getBoolean('everywhere') ?? false;
      const a = await liveAccuracy(ctx, all ? undefined : interaction.guildId!);
      const embed = new EmbedBuilder()
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
  };
}
