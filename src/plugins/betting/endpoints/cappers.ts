import { z } from 'zod';
import { defineRoute, pageOf, pageQuery, type ApiRoute } from 'dbsbm';
import { listCappers } from '../services/capper-reads.ts';
import type { BettingContext } from '../services/context.ts';
import { keysetOf, pageOfRows } from './keyset.ts';
import { capperShape } from './shapes.ts';

/** `GET /cappers`: the server's cappers (members who set up how their slips are signed with /capper setup). */
export function capperEndpoints(ctx: BettingContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/cappers',
      operationId: 'listCappers',
      summary: "List the server's cappers",
      description: 'Members with a /capper setup profile, in the order they set it up.',
      query: z.object(pageQuery),
      response: pageOf(capperShape),
      async handler({ guildId, query }) {
        const rows = await listCappers(ctx.em(), guildId, keysetOf(query, 'asc'));
        return pageOfRows(rows, query.limit, (c) => ({ v: c.createdAt, id: c.id }), (c) => ({
          userId: c.userId,
          displayName: c.displayName,
          imageUrl: c.imageUrl,
          createdAt: new Date(c.createdAt).toISOString(),
        }));
      },
    }),
  ];
}
