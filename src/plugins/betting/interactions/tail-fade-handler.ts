import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { successEmbed } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { tailOrFade } from '../services/tail-fade.ts';
import { formatOdds } from '../services/odds.ts';
import { winNet } from '../services/payout.ts';
import { signedUnits } from '../views/bet-slip.ts';

/** The Tail and Fade buttons of a bet slip: one press places the member's own copy (or the other side). */
export function tailFadeHandler(ctx: BettingContext) {
  return class TailFadeHandler extends InteractionHandler {
    constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
      super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
    }

    override parse(interaction: ButtonInteraction) {
      const match = /^betting:(tail|fade):(\d+)$/.exec(interaction.customId);
      return match ? this.some({ kind: match[1] as 'tail' | 'fade', betId: Number(match[2]) }) : this.none();
    }

    override async run(interaction: ButtonInteraction, { kind, betId }: { kind: 'tail' | 'fade'; betId: number }): Promise<void> {
      // A refusal (own bet, no other side, a limit) is answered privately by the core's handler-error listener.
      const placed = await tailOrFade(ctx, { guildId: interaction.guildId!, userId: interaction.user.id, sourceBetId: betId, kind, interactionId: interaction.id });
      const bet = placed.bet;
      const { oddsFormat } = await ctx.settings.get(interaction.guildId!);
      await interaction.reply({
        embeds: [successEmbed(`You ${kind === 'tail' ? 'tailed' : 'faded'} bet #${betId}`, `Your bet #${bet.id}: ${bet.units}u at ${formatOdds(bet.decimal, oddsFormat)} to win ${signedUnits(winNet(bet.units, bet.decimal))}.`)],
        flags: MessageFlags.Ephemeral,
      });
    }
  };
}
