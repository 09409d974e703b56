import { Command } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { infoEmbed, Refusal, successEmbed } from 'dbsbm';
import { BetSchema, OPEN_STATUSES, SETTLED_STATUSES } from '../entities/bet.ts';
import { placedSlip } from '../services/bet-view.ts';
import type { BettingContext } from '../services/context.ts';
import { formatOdds } from '../services/odds.ts';
import { checkStake, placeParlay, placeStraight, type Placed } from '../services/placement.ts';
import { cancelBet, gradeBet, regradeBet } from '../services/settlement.ts';
import { betSlipEmbed, signedUnits, tailFadeRow } from '../views/bet-slip.ts';
import { importHandler } from './import-handler.ts';
import { autocompleteGame, autocompleteSelection, NO_GAME_OPEN, parseSelection } from './autocomplete.ts';
import { describeNextOpening, nextGameOpensAt } from '../feeds/running.ts';
import { showSlip } from '../services/announce.ts';
import { builderView } from '../interactions/parlay-builder-handlers.ts';
import { saveDraft } from '../services/parlay-draft.ts';

const LEG_OPTIONS = ['leg1', 'leg2', 'leg3', 'leg4', 'leg5'] as const;

function gameId(ctx: BettingContext, interaction: ChatInputCommandInteraction, option = 'game'): number {
  const raw = interaction.options.getString(option, true);
  const value = Number(raw);
  if (raw === NO_GAME_OPEN) {
    throw new Refusal('GAME_NOT_FOUND', 'No game is open for bets right now.', { next: describeNextOpening(nextGameOpensAt(ctx)) });
  }
  if (!Number.isInteger(value) || value <= 0) {
    throw new Refusal('GAME_NOT_FOUND', `"${raw.slice(0, 50)}" is not a game from the list.`, { next: `In the ${option} option, pick the game from the list that appears as you type.` });
  }
  return value;
}

/** `/bet place|prop|parlay|list|cancel|grade`: thin adapters over the betting services. */
export function betCommand(ctx: BettingContext) {
  const postSlip = async (interaction: ChatInputCommandInteraction, placed: Placed, title?: string): Promise<void> => {
    const { oddsFormat } = await ctx.settings.get(interaction.guildId!);
    const slip = await placedSlip(ctx, placed);
    const embed = betSlipEmbed(placed.bet, slip.games, oddsFormat, slip.legs, slip.capperName);
    const components = placed.bet.type === 'game_line' ? [tailFadeRow(placed.bet)] : [];
    // Typed odds are ambiguous (is 1000 +1000 or 1000.00?): the reply says how they were read.
    const reading = placed.oddsReading ? ` Odds read as ${placed.oddsReading}.` : '';
    const response = await interaction.reply({ content: placed.duplicate ? 'This bet was already placed.' : `${title ?? ''}${reading}`.trim(), embeds: [embed], components, withResponse: true });
    // Remember where the slip is, so settlement edits it (and copy it to the server's slips channel).
    if (!placed.duplicate) await showSlip(ctx, placed.bet, interaction.channelId, response.resource?.message?.id, { embeds: [embed], components });
  };

  return class BetCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'bet', description: 'Place, list, cancel and grade bets' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('bet')
          .setDescription('Place, list, cancel and grade bets')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('place')
              .setDescription('Place a straight bet on a game')
              .addStringOption((o) => o.setName('game').setDescription('The game').setRequired(true).setAutocomplete(true))
              .addStringOption((o) => o.setName('selection').setDescription('Your pick').setRequired(true).setAutocomplete(true))
              .addNumberOption((o) => o.setName('units').setDescription('Stake in units').setRequired(true))
              .addStringOption((o) => o.setName('odds').setDescription("Your book's price, near the market's: -110, 2.50 or 5/2 (default: the market price)").setMaxLength(32)),
          )
          .addSubcommand((s) =>
            s
              .setName('prop')
              .setDescription('Place a player prop (graded by you or an admin)')
              .addStringOption((o) => o.setName('game').setDescription('The game').setRequired(true).setAutocomplete(true))
              .addStringOption((o) => o.setName('description').setDescription('The prop, e.g. "Saka 1+ shots on target"').setRequired(true).setMaxLength(200))
              .addStringOption((o) => o.setName('odds').setDescription('Your price: -110, 2.50 or 5/2').setRequired(true).setMaxLength(32))
              .addNumberOption((o) => o.setName('units').setDescription('Stake in units').setRequired(true)),
          )
          .addSubcommand((s) => {
            s.setName('parlay').setDescription('Combine picks on different games: a builder, or up to 5 legs as options');
            s.addNumberOption((o) => o.setName('units').setDescription('Stake in units').setRequired(true));
            for (const [i, leg] of LEG_OPTIONS.entries()) {
              s.addStringOption((o) => o.setName(leg).setDescription(`Game of leg ${i + 1} (leave the legs out to open the builder)`).setAutocomplete(true));
              s.addStringOption((o) => o.setName(`pick${i + 1}`).setDescription(`Pick of leg ${i + 1}`).setAutocomplete(true));
            }
            return s;
          })
          .addSubcommand((s) =>
            s
              .setName('list')
              .setDescription('Your bets')
              .addStringOption((o) => o.setName('status').setDescription('Which bets (default: open)').addChoices({ name: 'open', value: 'open' }, { name: 'settled', value: 'settled' }, { name: 'all', value: 'all' })),
          )
          .addSubcommand((s) =>
            s
              .setName('cancel')
              .setDescription('Cancel your bet before its game starts')
              .addIntegerOption((o) => o.setName('bet_id').setDescription('The bet number').setRequired(true).setMinValue(1)),
          )
          .addSubcommand((s) =>
            s
              .setName('grade')
              .setDescription('Grade a prop after kick-off (its bettor, another capper or a server manager)')
              .addIntegerOption((o) => o.setName('bet_id').setDescription('The bet number').setRequired(true).setMinValue(1))
              .addStringOption((o) =>
                o
                  .setName('result')
                  .setDescription('The result')
                  .setRequired(true)
                  .addChoices({ name: 'won', value: 'won' }, { name: 'lost', value: 'lost' }, { name: 'push', value: 'push' }, { name: 'void', value: 'void' }),
              ),
          )
          .addSubcommand((s) =>
            s
              .setName('regrade')
              .setDescription('Change the grade of a settled bet (server managers, with a reason)')
              .addIntegerOption((o) => o.setName('bet_id').setDescription('The bet number').setRequired(true).setMinValue(1))
              .addStringOption((o) =>
                o
                  .setName('result')
                  .setDescription('The right result')
                  .setRequired(true)
                  .addChoices({ name: 'won', value: 'won' }, { name: 'lost', value: 'lost' }, { name: 'push', value: 'push' }, { name: 'void', value: 'void' }),
              )
              .addStringOption((o) => o.setName('reason').setDescription('Why the grade changes (kept in the audit log)').setRequired(true).setMinLength(3).setMaxLength(200)),
          )
          .addSubcommand((s) =>
            s
              .setName('import')
              .setDescription("Import your bet history from another tracker's CSV")
              .addAttachmentOption((o) => o.setName('file').setDescription('The CSV export').setRequired(true))
              .addBooleanOption((o) => o.setName('dry_run').setDescription('Only show what would be imported (default: true)'))
              .addStringOption((o) => o.setName('time_zone').setDescription('Zone of dates without one, e.g. Europe/London (default UTC)'))
              .addStringOption((o) =>
                o
                  .setName('odds_format')
                  .setDescription('How the odds are written, if the file does not say')
                  .addChoices({ name: 'american', value: 'american' }, { name: 'decimal', value: 'decimal' }, { name: 'fractional', value: 'fractional' }),
              ),
          ),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      const focused = interaction.options.getFocused(true).name;
      if (focused === 'game' || focused.startsWith('leg')) return autocompleteGame(ctx, interaction);
      if (focused === 'selection') return autocompleteSelection(ctx, interaction, 'game');
      if (focused.startsWith('pick')) return autocompleteSelection(ctx, interaction, `leg${focused.slice(4)}`);
      await interaction.respond([]);
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const userId = interaction.user.id;
      // A refusal thrown here is answered privately by the core (see docs/refusals.md).
      switch (interaction.options.getSubcommand(true)) {
        case 'place': {
          const pick = parseSelection(interaction.options.getString('selection', true));
          if (!pick) throw new Refusal('BAD_SELECTION', 'Pick a selection from the list that appears as you type (or type home, draw, away, or "over 2.5").');
          const id = gameId(ctx, interaction);
          const odds = interaction.options.getString('odds') ?? undefined;
          const placed = await placeStraight(ctx, { guildId, userId, interactionId: interaction.id, gameId: id, ...pick, odds, units: interaction.options.getNumber('units', true) });
          return postSlip(interaction, placed, `<@${userId}> placed a bet.`);
        }
        case 'prop': {
          const placed = await placeStraight(ctx, {
            guildId, userId, interactionId: interaction.id, gameId: gameId(ctx, interaction), market: 'h2h', selection: 'home', line: null, type: 'player_prop',
            description: interaction.options.getString('description', true), odds: interaction.options.getString('odds', true), units: interaction.options.getNumber('units', true),
          });
          return postSlip(interaction, placed, `<@${userId}> placed a prop.`);
        }
        case 'parlay': {
          const legs = [];
          for (const [i, leg] of LEG_OPTIONS.entries()) {
            const game = interaction.options.getString(leg);
            const pickText = interaction.options.getString(`pick${i + 1}`);
            if (!game && !pickText) continue;
            const pick = pickText ? parseSelection(pickText) : null;
            if (!game || !pick) throw new Refusal('BAD_SELECTION', `Leg ${i + 1} needs both a game and a pick from the lists.`);
            legs.push({ gameId: gameId(ctx, interaction, leg), ...pick });
          }
          const units = interaction.options.getNumber('units', true);
          if (legs.length === 0) {
            // No legs given: open the builder (menus of games and picks, then Place).
            await checkStake(ctx, guildId, units);
            const draft = { id: interaction.id, guildId, userId, units, legs: [] };
            await saveDraft(ctx, draft);
            await interaction.reply({ ...(await builderView(ctx, draft)), flags: MessageFlags.Ephemeral });
            return;
          }
          const placed = await placeParlay(ctx, { guildId, userId, interactionId: interaction.id, legs, units });
          return postSlip(interaction, placed, `<@${userId}> placed a parlay.`);
        }
        case 'list': {
          const which = interaction.options.getString('status') ?? 'open';
          const statuses = which === 'open' ? OPEN_STATUSES : which === 'settled' ? SETTLED_STATUSES : undefined;
          const bets = await ctx.em().find(BetSchema, { guildId, userId, ...(statuses ? { status: { $in: [...statuses] } } : {}) }, { orderBy: { id: 'desc' }, limit: 15 });
          const { oddsFormat } = await ctx.settings.get(guildId);
          const lines = bets.map((b) => `**#${b.id}** ${b.type.replace('_', ' ')} · ${formatOdds(b.decimal, oddsFormat)} · ${b.units}u · ${b.status}${b.net !== null ? ` ${signedUnits(b.net)}` : ''}${b.verified ? '' : ' · *unverified*'}`);
          const note = bets.some((b) => !b.verified) ? '\n\n*Unverified bets never count in leaderboards or records (off-market price, or a prop not yet confirmed by someone else).*' : '';
          await interaction.reply({ embeds: [infoEmbed(`Your ${which} bets`, (lines.join('\n') || 'No bets here yet. Place one with /bet place.') + note)], flags: MessageFlags.Ephemeral });
          return;
        }
        case 'cancel': {
          const bet = await cancelBet(ctx, { guildId, betId: interaction.options.getInteger('bet_id', true), userId });
          await interaction.reply({ embeds: [successEmbed(`Bet #${bet.id} is cancelled`, 'It will not count in any stats.')] });
          return;
        }
        case 'import':
          return importHandler(ctx, interaction);
        case 'grade': {
          const result = interaction.options.getString('result', true) as 'won' | 'lost' | 'push' | 'void';
          const { bet, changed } = await gradeBet(ctx, {
            guildId, betId: interaction.options.getInteger('bet_id', true), result, actorId: userId,
            isManager: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
          });
          const counted = bet.verified ? '' : ' It does not count in records until another capper or a server manager confirms it.';
          const text = changed ? `Net ${signedUnits(bet.net ?? 0)}.${counted}` : 'It was already graded that way; nothing changed.';
          await interaction.reply({ embeds: [successEmbed(`Bet #${bet.id} is ${bet.status}`, text)] });
          return;
        }
        case 'regrade': {
          const result = interaction.options.getString('result', true) as 'won' | 'lost' | 'push' | 'void';
          const { bet, changed } = await regradeBet(ctx, {
            guildId, betId: interaction.options.getInteger('bet_id', true), result, actorId: userId, reason: interaction.options.getString('reason', true),
            isManager: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
          });
          const text = changed ? `Net ${signedUnits(bet.net ?? 0)}. Stats and leaderboards follow; the change and its reason are in the audit log.` : 'It was already graded that way; nothing changed.';
          await interaction.reply({ embeds: [successEmbed(`Bet #${bet.id} is now ${bet.status}`, text)] });
          return;
        }
      }
    }
  };
}
