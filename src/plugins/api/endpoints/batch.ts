import { defineRoute, type ApiOutcome, type ApiRoute } from 'dbsbm';
import { z } from 'zod';
import type { ApiContext } from '../services/context.ts';
import { countCalls } from '../services/rate-limit.ts';

/** The most operations one batch may carry. */
export const MAX_BATCH = 100;

const operation = z
  .object({
    method: z.enum(['GET', 'POST', 'PATCH', 'DELETE', 'get', 'post', 'patch', 'delete']).describe('HTTP method of the operation.'),
    path: z
      .string()
      .min(8)
      .max(2048)
      .regex(/^\/api\/v1\//, 'an operation path starts with /api/v1/')
      .describe('Path under /api/v1, with an optional query string, e.g. /api/v1/betting/bets?limit=5.'),
    body: z.record(z.string(), z.unknown()).optional().describe('JSON body for POST and PATCH operations.'),
  })
  .strict()
  .meta({ id: 'BatchOperation' });

const result = z
  .object({
    status: z.number().int().describe('What the operation would have answered over HTTP.'),
    body: z.unknown().describe('Its JSON body: the resource, or a problem document.'),
  })
  .meta({ id: 'BatchResult' });

const NOT_BATCHABLE = /^\/api\/v1\/(batch|graphql)(\/|\?|$)/;

/**
 * `POST /api/v1/batch`: up to 100 operations run in order as the key's caller, each with the checks it would get
 * alone (scope, gate, validation), one result per operation. Each operation counts as one request against the rate
 * limit; operations past it answer 429 without running.
 */
export function batchEndpoint(ctx: ApiContext): ApiRoute {
  return defineRoute({
    method: 'post',
    path: '/batch',
    root: true,
    operationId: 'batch',
    summary: 'Run up to 100 operations in one request, one result each',
    description: 'Operations run one after another in the order given. A failing operation does not stop the others; its result carries the problem document.',
    scope: 'read',
    status: 200,
    graphql: false,
    body: z.object({ operations: z.array(operation).min(1).max(MAX_BATCH, `A batch carries at most ${MAX_BATCH} operations; split it.`) }).strict(),
    response: z.object({ results: z.array(result) }),
    async handler({ body, principal }) {
      const ops = body.operations;
      const writes = ops.some((o) => o.method.toLowerCase() !== 'get');
      // The batch's own request was counted when it arrived: it stands for the first operation.
      const extra = ops.length - 1;
      let allowed = ops.length;
      if (extra > 0) {
        const { hit, limit } = await countCalls(ctx, principal, { write: writes, weight: extra });
        allowed = Math.max(0, Math.min(ops.length, limit - (hit.count - ops.length)));
      }
      const results: ApiOutcome[] = [];
      for (const [i, op] of ops.entries()) {
        if (NOT_BATCHABLE.test(op.path)) {
          results.push(problem(400, 'Bad Request', 'A batch cannot contain another batch or a GraphQL request.', op.path));
        } else if (i >= allowed) {
          results.push(problem(429, 'Too Many Requests', 'This operation is past the key\u2019s rate limit for this minute; send it again after the Retry-After of your next response.', op.path));
        } else {
          results.push(await ctx.endpoints.invoke(principal, { method: op.method.toLowerCase() as 'get', path: op.path, body: op.body }));
        }
      }
      return { results };
    },
  });
}

function problem(status: number, title: string, detail: string, instance: string): ApiOutcome {
  return { status, body: { type: 'about:blank', title, status, detail, instance: instance.split('?')[0] } };
}
