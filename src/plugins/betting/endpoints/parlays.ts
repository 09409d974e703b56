import { z } from 'zod';
import { defineRoute, type ApiRoute } from 'dbsbm';
import type { BettingContext } from '../services/context.ts';
import { placeParlay } from '../services/placement.ts';
import { apiInteractionId, placedJson } from './placing.ts';
import { betShape, pickShape } from './shapes.ts';

/**
 * `POST /parlays`. A parlay is a bet with legs (the same table), so it is read with the other bets: `GET /bets`
 * (`?type=parlay`) and `GET /bets/:betId` show it with its legs, and `POST /bets/:betId/cancel` cancels it.
 */
export function parlayEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/parlays',
      operationId: 'placeParlay',
      summary: 'Place a parlay',
      description:
        "Places a parlay of 2 to 10 legs on different games as the member who created the API key, each leg at its market's current price, with the same rules as /bet parlay. It is a bet: read it with GET /bets/{betId}.",
      body: z
        .object({
          units: z.number().describe("Stake in units, within the server's range."),
          legs: z.array(z.object(pickShape).strict().meta({ id: 'ParlayLegInput' })).describe('2 to 10 picks, each on a different game.'),
        })
        .strict()
        .meta({ id: 'PlaceParlayInput' }),
      response: betShape,
      async handler({ guildId, principal, body }) {
        const placed = await placeParlay(ctx, { guildId, userId: principal.userId, interactionId: apiInteractionId(), units: body.units, legs: body.legs });
        return placedJson(ctx, placed);
      },
    }),
  ];
}
