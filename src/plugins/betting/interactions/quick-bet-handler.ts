import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { successEmbed } from 'dbsbm';
import type { Bet } from '../entities/bet.ts';
import type { BettingContext } from '../services/context.ts';
import { formatOdds } from '../services/odds.ts';
import { winNet } from '../services/payout.ts';
import { placeQuickBet, tailLatestOnGame } from '../services/quick-bet.ts';
import { signedUnits } from '../views/bet-slip.ts';
import { parseQuickBetId } from '../views/quick-bet.ts';

type Press = NonNullable<ReturnType<typeof parseQuickBetId>>;

/**
 * The Bet and Tail buttons that other plugins put under price updates (`quickBetOffer` in the API): one press places
 * the member's bet through betting's own placement, with the same limits, price check and audit as `/bet place`.
 */
export function quickBetHandler(ctx: BettingContext) {
  return class QuickBetHandler extends InteractionHandler {
    constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
      super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
    }

    override parse(interaction: ButtonInteraction) {
      const press = parseQuickBetId(interaction.customId);
      return press ? this.some(press) : this.none();
    }

    override async run(interaction: ButtonInteraction, press: Press): Promise<void> {
      const who = { guildId: interaction.guildId!, userId: interaction.user.id, interactionId: interaction.id };
      // A refusal (a limit, a moved price, a closed game) is answered privately by the core's handler-error listener.
      let bet: Bet;
      let title: string;
      if (press.kind === 'tail') {
        const tailed = await tailLatestOnGame(ctx, { ...who, gameId: press.gameId });
        bet = tailed.placed.bet;
        title = `You tailed bet #${tailed.sourceBetId}`;
      } else {
        const placed = await placeQuickBet(ctx, { ...who, gameId: press.gameId, market: press.market, selection: press.selection, line: press.line, decimal: press.decimal, units: press.units });
        bet = placed.bet;
        title = placed.duplicate ? 'This bet was already placed' : 'Bet placed';
      }
      const { oddsFormat } = await ctx.settings.get(who.guildId);
      await interaction.reply({
        embeds: [successEmbed(title, `Your bet #${bet.id}: ${bet.units}u at ${formatOdds(bet.decimal, oddsFormat)} to win ${signedUnits(winNet(bet.units, bet.decimal))}. See it with /bet list.`)],
        flags: MessageFlags.Ephemeral,
      });
    }
  };
}
