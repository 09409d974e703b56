import { z } from 'zod';
import { defineRoute, pageOf, pageQuery, type ApiRoute } from 'dbsbm';
import { BET_STATUSES } from '../entities/bet.ts';
import { betOfGuild, listBets, withLegs } from '../services/bet-reads.ts';
import type { BettingContext } from '../services/context.ts';
import { placeStraight } from '../services/placement.ts';
import { cancelBet } from '../services/settlement.ts';
import { betJson } from './bet-json.ts';
import { keysetOf, pageOfRows } from './keyset.ts';
import { apiInteractionId, placedJson } from './placing.ts';
import { betShape, betTypeShape, marketShape, pickShape } from './shapes.ts';

const betIdParams = z.object({ betId: z.coerce.number().int().positive() });

/** `GET /bets`, `GET /bets/:betId`, `POST /bets` and `POST /bets/:betId/cancel`: the key's server's bets. */
export function betEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/bets',
      operationId: 'listBets',
      summary: "List the server's bets",
      description: 'Straight bets and parlays (with their legs), newest first by default.',
      query: z.object({
        ...pageQuery,
        userId: z.string().regex(/^\d{1,20}$/, 'must be a Discord user id').optional().describe("Only this member's bets."),
        status: z.enum([...BET_STATUSES, 'open', 'settled']).optional().describe('One status, or `open` (pending, live) or `settled` (won, lost, push, void).'),
        type: betTypeShape.optional(),
        market: marketShape.optional().describe('Only straight bets of this market.'),
        gameId: z.coerce.number().int().positive().optional().describe('Only bets on this game: straight bets on it and parlays with a leg on it.'),
        sort: z.enum(['-placedAt', 'placedAt']).default('-placedAt').describe('By placing time, newest first (`-placedAt`) or oldest first (`placedAt`).'),
      }),
      response: pageOf(betShape),
      async handler({ guildId, query }) {
        const filter = { guildId, userId: query.userId, status: query.status, type: query.type, market: query.market, gameId: query.gameId };
        const rows = await listBets(ctx.em(), filter, keysetOf(query, query.sort === 'placedAt' ? 'asc' : 'desc'));
        const { oddsFormat } = await ctx.settings.get(guildId);
        return pageOfRows(rows, query.limit, (r) => ({ v: r.bet.placedAt, id: r.bet.id }), (r) => betJson(r, oddsFormat));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bets/:betId',
      operationId: 'getBet',
      summary: 'Get a bet',
      params: betIdParams,
      response: betShape,
      async handler({ guildId, params }) {
        const found = await betOfGuild(ctx.em(), guildId, params.betId);
        const { oddsFormat } = await ctx.settings.get(guildId);
        return betJson(found, oddsFormat);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bets',
      operationId: 'placeBet',
      summary: 'Place a straight bet',
      description:
        "Places a bet on a game line as the member who created the API key, exactly as /bet place does: the server's stake range, the open-bet cap, the member's limits, cooling-off and self-exclusion, the price check, and the audit log. Send an Idempotency-Key to retry safely.",
      body: z
        .object({
          ...pickShape,
          units: z.number().describe("Stake in units, within the server's range."),
          odds: z
            .string()
            .min(1)
            .max(32)
            .optional()
            .describe("Your book's price as text (\"-110\", \"2.50\", \"5/2\"); it must be near the market's. Leave out to take the market price. A bare number is read in `oddsFormat`."),
          oddsFormat: z.enum(['american', 'decimal', 'fractional']).optional().describe("How to read a bare number in `odds` (default: the server's odds format)."),
        })
        .strict()
        .meta({ id: 'PlaceBetInput' }),
      response: betShape,
      async handler({ guildId, principal, body }) {
        const placed = await placeStraight(ctx, {
          guildId,
          userId: principal.userId,
          interactionId: apiInteractionId(),
          gameId: body.gameId,
          market: body.market,
          selection: body.selection,
          line: body.line,
          units: body.units,
          odds: body.odds,
          oddsFormat: body.oddsFormat,
        });
        return placedJson(ctx, placed);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bets/:betId/cancel',
      operationId: 'cancelBet',
      summary: 'Cancel a bet before its game starts',
      description: 'Only the member who placed the bet (the key\'s creator) can cancel it, and only while it is pending and its games have not started, as /bet cancel.',
      status: 200,
      params: betIdParams,
      response: betShape,
      async handler({ guildId, principal, params }) {
        const bet = await cancelBet(ctx, { guildId, betId: params.betId, userId: principal.userId });
        const { oddsFormat } = await ctx.settings.get(guildId);
        return betJson((await withLegs(ctx.em(), [bet]))[0]!, oddsFormat);
      },
    }),
  ];
}
