import { Command } from '@sapphire/framework';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, infoEmbed, safeEmbed } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { scanValue } from '../services/value-scan.ts';


/** `/value`: where the model disagrees with the price enough to matter, with a cautious stake. */
export function valueCommand(ctx: MlContext) {
  return class ValueCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'value', description: 'Value bets: where the model beats the price on offer' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) => b.setName('value').setDescription('Value bets: where the model beats the price on offer').setDMPermission(false));
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const scan = await scanValue(ctx, interaction.guildId!, interaction.user.id);
      if (scan.bets.length === 0) {
        await interaction.editReply({
          embeds: [infoEmbed('No value bets right now', `Checked ${scan.scanned} upcoming games: the model does not beat any price by more than ${(scan.settings.valueThreshold * 100).toFixed(0)}%. That is the usual answer: the market is hard to beat.`)],
        });
        return;
      }
      const lines = scan.bets.slice(0, 10).map(
        (v) =>
          `**${v.selection.label}** at ${v.selection.decimal.toFixed(2)}: model ${(v.selection.probability * 100).toFixed(1)}% (fair ${v.fairDecimal.toFixed(2)}), edge ${(v.edge * 100).toFixed(1)}%, stake ${v.stake.stake.toFixed(2)}u`,
      );
      await interaction.editReply({
        embeds: [
          safeEmbed()
            .setColor(Colors.info)
            .setTitle(`${scan.bets.length} value bet${scan.bets.length === 1 ? '' : 's'} in ${scan.scanned} games`)
            .setDescription(lines.join('\n'))
            .setFooter({
              text: `Edge = model probability × price − 1 (shown above ${(scan.settings.valueThreshold * 100).toFixed(0)}%). Stakes: ${scan.settings.kellyFraction} Kelly of a ${scan.settings.bankrollUnits}u bankroll, at most ${(scan.settings.maxStakeShare * 100).toFixed(1)}%. The model is roughly as good as the opening market, so treat edges with care.`,
            }),
        ],
      });
    }
  };
}
