import { z } from 'zod';
import { defineRoute, pageOf, pageQuery, type ApiRoute } from 'dbsbm';
import { GAME_STATUSES, type Game } from '../entities/game.ts';
import type { OddsSnapshot } from '../entities/odds-snapshot.ts';
import type { BettingContext } from '../services/context.ts';
import { gameView } from '../services/game-reads.ts';
import { gameWithPrices, listGames } from '../services/game-list.ts';
import { MARKET_SELECTIONS, selectionLabel } from '../services/games.ts';
import { decimalToAmerican, formatOdds, type OddsFormat } from '../services/odds.ts';
import { keysetOf, pageOfRows } from './keyset.ts';
import { gameDetailShape, gameShape } from './shapes.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A game as the API shows it. */
export function gameJson(game: Game): z.input<typeof gameShape> {
  const { startTime, ...view } = gameView(game);
  return { ...view, kickoff: iso(startTime) };
}

/** The latest prices grouped by market and line, markets and selections in betting's order. */
function marketsOf(game: Game, prices: OddsSnapshot[], oddsFormat: OddsFormat): z.input<typeof gameDetailShape>['markets'] {
  const markets = Object.keys(MARKET_SELECTIONS);
  // Only the markets betting takes bets on (a feed may price others).
  const sorted = prices
    .filter((p) => markets.includes(p.market))
    .sort((a, b) => markets.indexOf(a.market) - markets.indexOf(b.market) || a.line - b.line || MARKET_SELECTIONS[a.market]!.indexOf(a.selection) - MARKET_SELECTIONS[a.market]!.indexOf(b.selection));
  const out: z.input<typeof gameDetailShape>['markets'] = [];
  for (const p of sorted) {
    const line = p.market === 'h2h' ? null : p.line;
    let group = out.find((m) => m.market === p.market && m.line === line);
    if (!group) out.push((group = { market: p.market as 'h2h', line, prices: [] }));
    group.prices.push({
      selection: p.selection as 'home',
      label: selectionLabel(game, p.market, p.selection, line),
      decimal: p.price,
      american: decimalToAmerican(p.price),
      odds: formatOdds(p.price, oddsFormat),
      updatedAt: iso(p.at),
    });
  }
  return out;
}

const timeFilter = (what: string) => z.iso.datetime({ offset: true }).optional().describe(`${what} (ISO 8601 date-time).`);

/** `GET /games` and `GET /games/:gameId`: the games the feed knows (shared by every server) and their prices. */
export function gameEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/games',
      operationId: 'listGames',
      summary: 'List games',
      description: 'Games the feed knows, by kick-off. Games are the same for every server.',
      query: z.object({
        ...pageQuery,
        status: z.enum(GAME_STATUSES).optional(),
        sport: z.string().min(1).max(32).optional().describe('e.g. soccer'),
        league: z.string().min(1).max(64).optional().describe('e.g. premier-league'),
        from: timeFilter('Kick-off at or after this time'),
        to: timeFilter('Kick-off before this time'),
        sort: z.enum(['kickoff', '-kickoff']).default('kickoff').describe('By kick-off, soonest first (`kickoff`) or latest first (`-kickoff`).'),
      }),
      response: pageOf(gameShape),
      async handler({ query }) {
        const filter = {
          status: query.status,
          sport: query.sport,
          league: query.league,
          from: query.from === undefined ? undefined : Date.parse(query.from),
          to: query.to === undefined ? undefined : Date.parse(query.to),
        };
        const rows = await listGames(ctx.em(), filter, keysetOf(query, query.sort === 'kickoff' ? 'asc' : 'desc'));
        return pageOfRows(rows, query.limit, (g) => ({ v: g.startTime, id: g.id }), gameJson);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/games/:gameId',
      operationId: 'getGame',
      summary: 'Get a game with its current prices',
      params: z.object({ gameId: z.coerce.number().int().positive() }),
      response: gameDetailShape,
      async handler({ guildId, params }) {
        const { game, prices } = await gameWithPrices(ctx.em(), params.gameId);
        const { oddsFormat } = await ctx.settings.get(guildId);
        return { ...gameJson(game), markets: marketsOf(game, prices, oddsFormat) };
      },
    }),
  ];
}
