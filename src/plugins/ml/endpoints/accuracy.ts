import { defineRoute } from 'dbsbm';
import { z } from 'zod';
import type { MlContext } from '../services/context.ts';
import { liveAccuracy } from '../services/tracking.ts';
import { accuracyShape } from './shapes.ts';

export function getAccuracy(ctx: MlContext) {
  return defineRoute({
    method: 'get',
    path: '/accuracy',
    operationId: 'getMlAccuracy',
    summary: 'Live accuracy of shown predictions',
    description:
      "Running log-loss, accuracy and Brier score of the predictions people were shown, once their games finished, beside the market's on the same games (what `/ml accuracy` shows). Only totals: `everywhere` adds other servers' predictions to them, as the command's option does, and reveals nothing else of theirs.",
    query: z.object({
      everywhere: z.stringbool().default(false).describe("`true` counts every server's shown predictions, not just this server's."),
    }),
    response: accuracyShape,
    async handler({ guildId, query }) {
      return { scope: query.everywhere ? 'everywhere' : 'server', ...(await liveAccuracy(ctx, query.everywhere ? undefined : guildId)) } as const;
    },
  });
}
