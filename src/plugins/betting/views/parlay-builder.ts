import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, StringSelectMenuBuilder } from 'discord.js';
import { Colors, safeEmbed } from 'dbsbm';
import type { Game } from '../entities/game.ts';
import type { OddsSnapshot } from '../entities/odds-snapshot.ts';
import { gameLabel, selectionLabel } from '../services/games.ts';
import { formatOdds, parlayDecimal, type OddsFormat } from '../services/odds.ts';
import { winNet } from '../services/payout.ts';
import type { ParlayDraft } from '../services/parlay-draft.ts';

type Row = ActionRowBuilder<StringSelectMenuBuilder> | ActionRowBuilder<ButtonBuilder>;

/** The builder message: the legs so far, the combined price, a menu of games (or of one game's picks), buttons. */
export function parlayBuilderView(draft: ParlayDraft, format: OddsFormat, games: Game[], picking?: { game: Game; prices: OddsSnapshot[] }): { embeds: EmbedBuilder[]; components: Row[] } {
  const decimal = parlayDecimal(draft.legs.map((l) => l.decimal));
  const legs = draft.legs.map((l, i) => `${i + 1}. ${l.label} @ ${formatOdds(l.decimal, format)}`).join('\n');
  const embed = safeEmbed()
    .setColor(Colors.info)
    .setTitle(`Parlay builder · ${draft.units}u`)
    .setDescription(draft.legs.length ? `${legs}\n\n**${draft.legs.length} legs @ ${formatOdds(decimal, format)}** — to win ${winNet(draft.units, decimal).toFixed(2)}u` : 'Pick a game, then your selection. Add 2 to 10 legs on different games.')
    .setFooter({ text: 'Prices are the current feed prices and are fixed when you place the parlay.' });
  const components: Row[] = [];
  if (picking) {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(`betting:pb:pick:${draft.id}:${picking.game.id}`)
      .setPlaceholder(`Your pick in ${gameLabel(picking.game)}`)
      .addOptions(
        picking.prices.slice(0, 25).map((p) => ({
          label: `${selectionLabel(picking.game, p.market, p.selection, p.market === 'h2h' ? null : p.line)} @ ${formatOdds(p.price, format)}`.slice(0, 100),
          value: `${p.market}:${p.selection}:${p.line}`,
        })),
      );
    components.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
  } else {
    const taken = new Set(draft.legs.map((l) => l.gameId));
    const options = games.filter((g) => !taken.has(g.id)).slice(0, 25);
    if (options.length) {
      const menu = new StringSelectMenuBuilder()
        .setCustomId(`betting:pb:game:${draft.id}`)
        .setPlaceholder('Add a game')
        .addOptions(options.map((g) => ({ label: gameLabel(g).slice(0, 100), description: `${g.league} · ${new Date(g.startTime).toISOString().slice(5, 16).replace('T', ' ')} UTC`, value: String(g.id) })));
      components.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
    }
  }
  components.push(
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(`betting:pb:place:${draft.id}`).setLabel('Place parlay').setStyle(ButtonStyle.Success).setDisabled(draft.legs.length < 2),
      new ButtonBuilder().setCustomId(`betting:pb:clear:${draft.id}`).setLabel('Clear').setStyle(ButtonStyle.Secondary).setDisabled(draft.legs.length === 0),
    ),
  );
  return { embeds: [embed], components };
}
