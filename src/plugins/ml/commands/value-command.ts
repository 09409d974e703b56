import { Command } from '@sapphire/framework';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, infoEmbed, safeEmbed } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { findValueBets } from '../services/insights/index.ts';
import { kellyStake } from '../services/insights/index.ts';
import { upcomingPredictions } from '../services/predictor.ts';
import { recordPrediction } from '../services/tracking.ts';

const OUTCOMES = ['home', 'draw', 'away'] as const;

/** Value bets on the upcoming games: the model's probability times the price on offer above 1 plus a margin. */
export async function scanValue(ctx: MlContext, guildId: string, userId: string, now = Date.now()) {
  const settings = await ctx.settings.get(guildId);
  const predictions = await upcomingPredictions(ctx, now);
  for (const p of predictions) {
    await recordPrediction(ctx, { guildId, userId, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow, modelVersion: p.modelVersion } });
  }
  const selections = predictions.flatMap((p) =>
    OUTCOMES.map((k) => ({ id: `${p.gameId}:${k}`, gameId: String(p.gameId), label: `${p.label}: ${k === 'home' ? p.homeTeam : k === 'away' ? p.awayTeam : 'draw'}`, probability: p.model[k], decimal: p.current![k] })),
  );
  const { valueBets } = findValueBets(selections, { threshold: settings.valueThreshold });
  return {
    scanned: predictions.length,
    bets: valueBets.map((v) => ({
      ...v,
      stake: kellyStake(v.selection.probability, v.selection.decimal, settings.bankrollUnits, { fraction: settings.kellyFraction, cap: { kind: 'bankroll-fraction', value: settings.maxStakeShare } }),
    })),
    settings,
  };
}

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
