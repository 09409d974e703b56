import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import { Refusal } from 'dbsbm';
import { GameSchema } from '../entities/game.ts';
import { placedSlip } from '../services/bet-view.ts';
import type { BettingContext } from '../services/context.ts';
import { gameLabel, latestPrices, selectionLabel, upcomingGames } from '../services/games.ts';
import { dropDraft, loadDraft, saveDraft, type ParlayDraft } from '../services/parlay-draft.ts';
import { placeParlay } from '../services/placement.ts';
import { betSlipEmbed } from '../views/bet-slip.ts';
import { parlayBuilderView } from '../views/parlay-builder.ts';

type BuilderInteraction = ButtonInteraction | StringSelectMenuInteraction;

/** The member's draft; refuses when it has expired or is someone else's. */
async function draftFor(ctx: BettingContext, interaction: BuilderInteraction, id: string): Promise<ParlayDraft> {
  const draft = await loadDraft(ctx, id);
  if (!draft) throw new Refusal('PARLAY_BUILDER_EXPIRED', 'This parlay builder has expired (15 minutes).', { next: 'Start again with /bet parlay.' });
  if (draft.userId !== interaction.user.id) throw new Refusal('NOT_ALLOWED', 'This parlay builder belongs to someone else.', { next: 'Start yours with /bet parlay.' });
  return draft;
}

/** Shows the builder for a draft: the game menu, or one game's picks. */
export async function builderView(ctx: BettingContext, draft: ParlayDraft, pickingGameId?: number) {
  const em = ctx.em();
  const { oddsFormat } = await ctx.settings.get(draft.guildId);
  const games = await upcomingGames(em, Date.now());
  const game = pickingGameId !== undefined ? await em.findOne(GameSchema, { id: pickingGameId }) : null;
  const picking = game ? { game, prices: await latestPrices(em, game.id) } : undefined;
  return parlayBuilderView(draft, oddsFormat, games, picking);
}

/** The builder's menus: a game chosen shows its picks; a pick chosen adds the leg at the current price. */
export function parlayBuilderSelectHandler(ctx: BettingContext) {
  return class ParlayBuilderSelectHandler extends InteractionHandler {
    constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
      super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
    }

    override parse(interaction: StringSelectMenuInteraction) {
      const match = /^betting:pb:(game|pick):(\d+)(?::(\d+))?$/.exec(interaction.customId);
      return match ? this.some({ step: match[1] as 'game' | 'pick', draftId: match[2]!, gameId: match[3] ? Number(match[3]) : undefined }) : this.none();
    }

    override async run(interaction: StringSelectMenuInteraction, { step, draftId, gameId }: { step: 'game' | 'pick'; draftId: string; gameId?: number }): Promise<void> {
      const draft = await draftFor(ctx, interaction, draftId);
      if (step === 'game') {
        await interaction.update(await builderView(ctx, draft, Number(interaction.values[0])));
        return;
      }
      const game = await ctx.em().findOne(GameSchema, { id: gameId! });
      const [market, selection, lineText] = (interaction.values[0] ?? '').split(':');
      const line = Number(lineText);
      const price = game ? (await latestPrices(ctx.em(), game.id)).find((p) => p.market === market && p.selection === selection && p.line === line) : undefined;
      if (game && price && !draft.legs.some((l) => l.gameId === game.id) && draft.legs.length < 10) {
        draft.legs.push({
          gameId: game.id,
          market: market!,
          selection: selection!,
          line: market === 'h2h' ? null : line,
          decimal: price.price,
          label: `${selectionLabel(game, market!, selection!, market === 'h2h' ? null : line)} — ${gameLabel(game)}`,
        });
        await saveDraft(ctx, draft);
      }
      await interaction.update(await builderView(ctx, draft));
    }
  };
}

/** The builder's buttons: place the parlay (once, whatever the number of presses) or clear the legs. */
export function parlayBuilderButtonHandler(ctx: BettingContext) {
  return class ParlayBuilderButtonHandler extends InteractionHandler {
    constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
      super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
    }

    override parse(interaction: ButtonInteraction) {
      const match = /^betting:pb:(place|clear):(\d+)$/.exec(interaction.customId);
      return match ? this.some({ action: match[1] as 'place' | 'clear', draftId: match[2]! }) : this.none();
    }

    override async run(interaction: ButtonInteraction, { action, draftId }: { action: 'place' | 'clear'; draftId: string }): Promise<void> {
      const draft = await draftFor(ctx, interaction, draftId);
      if (action === 'clear') {
        draft.legs = [];
        await saveDraft(ctx, draft);
        await interaction.update(await builderView(ctx, draft));
        return;
      }
      // A refusal (a limit, a game that started) is answered privately by the core's handler-error listener.
      // The draft id makes placing idempotent: a second press finds the parlay already placed.
      const placed = await placeParlay(ctx, { guildId: draft.guildId, userId: draft.userId, interactionId: `pb:${draft.id}`, units: draft.units, legs: draft.legs });
      await dropDraft(ctx, draft.id);
      const { oddsFormat } = await ctx.settings.get(draft.guildId);
      const slip = await placedSlip(ctx, placed);
      await interaction.update({ embeds: [betSlipEmbed(placed.bet, slip.games, oddsFormat, slip.legs, slip.capperName)], components: [] });
      if (!placed.duplicate) await interaction.followUp({ content: `<@${draft.userId}> placed a parlay.`, embeds: [betSlipEmbed(placed.bet, slip.games, oddsFormat, slip.legs, slip.capperName)] });
    }
  };
}
