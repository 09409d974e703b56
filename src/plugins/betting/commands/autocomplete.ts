import type { AutocompleteInteraction } from 'discord.js';
import { GameSchema } from '../entities/game.ts';
import type { BettingContext } from '../services/context.ts';
import { gameLabel, latestPrices, MARKET_SELECTIONS, selectionLabel, upcomingGames } from '../services/games.ts';
import { formatOdds } from '../services/odds.ts';
import { describeNextOpening, nextGameOpensAt } from '../feeds/running.ts';

/** The value of the one choice offered when no game is open (never a game id). */
export const NO_GAME_OPEN = 'none';

const short = (ms: number): string => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** Games that have not started, matching what was typed: "Arsenal v Chelsea · 08-05 19:00 · premier-league". */
export async function autocompleteGame(ctx: BettingContext, interaction: AutocompleteInteraction): Promise<void> {
  const typed = String(interaction.options.getFocused());
  const games = await upcomingGames(ctx.em(), Date.now(), typed);
  if (games.length === 0 && (await upcomingGames(ctx.em(), Date.now(), '', 1)).length === 0) {
    // Nothing to pick: say so, and when the next game opens, in the one place the member is looking.
    const name = `No game is open for bets right now. ${describeNextOpening(nextGameOpensAt(ctx))}`;
    return interaction.respond([{ name: name.slice(0, 100), value: NO_GAME_OPEN }]);
  }
  await interaction.respond(games.map((g) => ({ name: `${gameLabel(g)} · ${short(g.startTime)} UTC · ${g.league}`.slice(0, 100), value: String(g.id) })));
}

/** The priced selections of a game, shown in the server's odds format; the value encodes market:selection:line. */
export async function autocompleteSelection(ctx: BettingContext, interaction: AutocompleteInteraction, gameOption: string): Promise<void> {
  const gameId = Number(interaction.options.getString(gameOption) ?? '');
  if (!Number.isInteger(gameId) || gameId <= 0) return interaction.respond([]);
  const em = ctx.em();
  const game = await em.findOne(GameSchema, { id: gameId });
  if (!game) return interaction.respond([]);
  const { oddsFormat } = await ctx.settings.get(interaction.guildId!);
  const typed = String(interaction.options.getFocused()).toLowerCase();
  const order = (m: string, sel: string): number => Object.keys(MARKET_SELECTIONS).indexOf(m) * 10 + (MARKET_SELECTIONS[m]?.indexOf(sel) ?? 0);
  const prices = (await latestPrices(em, gameId)).sort((a, b) => order(a.market, a.selection) - order(b.market, b.selection) || a.line - b.line);
  await interaction.respond(
    prices
      .map((p) => ({ name: `${selectionLabel(game, p.market, p.selection, p.market === 'h2h' ? null : p.line)} @ ${formatOdds(p.price, oddsFormat)}`, value: `${p.market}:${p.selection}:${p.line}` }))
      .filter((c) => c.name.toLowerCase().includes(typed))
      .slice(0, 25),
  );
}

/** Reads a selection value (`h2h:home:0`) or the plain words a person might type (`home`, `over 2.5`). */
export function parseSelection(value: string): { market: string; selection: string; line: number | null } | null {
  const coded = /^(h2h|totals|spreads):(home|draw|away|over|under):(-?\d+(?:\.\d+)?)$/.exec(value.trim());
  if (coded) return { market: coded[1]!, selection: coded[2]!, line: coded[1] === 'h2h' ? null : Number(coded[3]) };
  const plain = /^(home|draw|away)$/i.exec(value.trim());
  if (plain) return { market: 'h2h', selection: plain[1]!.toLowerCase(), line: null };
  const total = /^(over|under)\s*(\d+(?:\.\d+)?)$/i.exec(value.trim());
  if (total) return { market: 'totals', selection: total[1]!.toLowerCase(), line: Number(total[2]) };
  return null;
}
