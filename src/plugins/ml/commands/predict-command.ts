import { Command } from '@sapphire/framework';
import { EmbedBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { Colors, Refusal, safeEmbed } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { priceAlertLine } from '../services/price-alert-notice.ts';
import { assertPredictable, predictGame, type GamePrediction } from '../services/predictor.ts';
import { recordPrediction } from '../services/tracking.ts';

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
/** A change of probability in points: +1.2 pts means the price is expected to shorten. */
const move = (d: number): string => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pts`;

/** The prediction embed: model beside the market, in plain words, with what the numbers are and are not. */
export function predictionEmbed(p: GamePrediction): EmbedBuilder {
  const row = (k: 'home' | 'draw' | 'away', name: string) =>
    `**${name}**: model ${pct(p.model[k])} · market at open ${pct(p.marketOpen[k])}${p.marketNow ? ` · now ${pct(p.marketNow[k])} (price ${p.current![k].toFixed(2)})` : ''}`;
  const names = { home: p.homeTeam, draw: 'Draw', away: p.awayTeam };
  return safeEmbed()
    .setColor(Colors.info)
    .setTitle(`Prediction · ${p.label}`)
    .setDescription(
      [
        row('home', p.homeTeam),
        row('draw', 'Draw'),
        row('away', p.awayTeam),
        '',
        `Most likely: **${names[p.pick]}** (${pct(p.confidence)}). Kick-off <t:${Math.floor(p.kickoff / 1000)}:f>.`,
        `Expected move from open to close: ${(['home', 'draw', 'away'] as const).map((k) => `${names[k]} ${move(p.movement.change[k])}`).join(' · ')}`,
        priceAlertLine(p) ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .setFooter({
      text: 'A correction on the opening market from team ratings, form and rest. On 2022-23 it scored about as well as the opening prices and worse than the closing ones: see /ml accuracy.',
    });
}

/** `/predict game`: the outcome model's probabilities for a game, beside the market's; stored to be scored later. */
export function predictCommand(ctx: MlContext) {
  return class PredictCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'predict', description: 'Model probabilities for a game, beside the market' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('predict')
          .setDescription('Model probabilities for a game, beside the market')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('game')
              .setDescription('Predict one game')
              .addStringOption((o) => o.setName('game').setDescription('The game (type a team)').setRequired(true).setAutocomplete(true)),
          ),
      );
    }

    override async autocompleteRun(interaction: AutocompleteInteraction): Promise<void> {
      const games = await ctx.use('betting').upcomingGames({ search: String(interaction.options.getFocused()) });
      await interaction.respond(games.filter((g) => g.sport === 'soccer').map((g) => ({ name: `${g.label} · ${g.league}`.slice(0, 100), value: String(g.id) })));
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      const gameId = Number(interaction.options.getString('game', true));
      if (!Number.isInteger(gameId) || gameId <= 0) {
        throw new Refusal('INVALID_INPUT', 'That is not a game from the list.', { next: 'Pick a game from the list that appears as you type a team name.' });
      }
      // Refusals are private, and the prediction is public: check the game before deferring publicly.
      await assertPredictable(ctx, gameId);
      await interaction.deferReply();
      const p = await predictGame(ctx, gameId);
      await recordPrediction(ctx, { guildId: interaction.guildId, userId: interaction.user.id, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow ?? p.marketOpen, modelVersion: p.modelVersion } });
      await interaction.editReply({ embeds: [predictionEmbed(p)] });
    }
  };
}
