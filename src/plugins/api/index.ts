import { definePlugin } from 'dbsbm';
import { apiCommand } from './commands/api-command.ts';
import { batchEndpoint } from './endpoints/batch.ts';
import { usageEndpoint } from './endpoints/usage.ts';
import { tokensEndpoint } from './endpoints/tokens.ts';
import { apiServices } from './services/provided.ts';
import { apiEntities } from './entities/index.ts';
import { apiGuard } from './guard.ts';
import { docsRoutes, openApiEndpoints } from './openapi/index.ts';
import { graphqlEndpoints, graphqlWeight } from './graphql/index.ts';
import { chargeExtra } from './services/rate-limit.ts';
import { createApiTables } from './migrations/Migration20261207100000_api.ts';
import type { ApiContext } from './services/context.ts';
import { purgeIdempotency } from './services/idempotency.ts';
import { purgeUsage } from './services/usage-report.ts';
import { UsageWriter } from './services/usage-writer.ts';
import { apiOptions, type ApiOptions } from './settings.ts';

// One writer per booted context (an app in tests boots several in one process).
const writers = new WeakMap<object, UsageWriter>();
const writerOf = (ctx: ApiContext & { options: ApiOptions }): UsageWriter => {
  let writer = writers.get(ctx);
  if (!writer) writers.set(ctx, (writer = new UsageWriter(ctx, ctx.options.usageFlushMs)));
  return writer;
};
const peerTimers = new WeakMap<object, NodeJS.Timeout>();

/**
 * The public API: API keys per server, the guard the core authenticates `/api/v1` with (limits, usage,
 * idempotency), `POST /api/v1/batch`, usage reports. See README.md beside this file and docs/api.md.
 */
export default definePlugin({
  name: 'api',
  version: '1.0.0',
  api: '^1.0.0',
  description: 'Public REST API: keys, limits, usage, batch',
  tier: 'platinum',
  options: apiOptions,
  entities: apiEntities,
  migrations: [createApiTables],
  commands: (ctx) => [apiCommand(ctx)],
  apiGuard: (ctx) => apiGuard(ctx, writerOf(ctx)),
  provides: (ctx) => apiServices(ctx),
  endpoints: (ctx) => [
    batchEndpoint(ctx),
    usageEndpoint(ctx),
    tokensEndpoint(ctx),
    ...openApiEndpoints(ctx),
    // A query's request was counted once on arrival; what it costs beyond that is charged before it runs.
    ...graphqlEndpoints(ctx, { charge: (principal, cost) => chargeExtra(ctx, principal, graphqlWeight(cost) - 1, false) }),
  ],
  rootRoutes: (router, ctx) => docsRoutes(router, ctx),
  jobs: {
    purge: {
      cron: '0 17 4 * * *',
      maxAttempts: 3,
      async handler(_run, ctx) {
        await purgeIdempotency(ctx);
        await purgeUsage(ctx, ctx.options.usageRetentionDays);
      },
    },
  },
  async setup(ctx) {
    writerOf(ctx).start();
    // Counted among this deployment's instances: a read's share of the limit while Redis is down depends on it.
    await ctx.counters.peers();
    const timer = setInterval(() => void ctx.counters.peers(), 10_000);
    timer.unref();
    peerTimers.set(ctx, timer);
  },
  async teardown(ctx) {
    clearInterval(peerTimers.get(ctx));
    await writerOf(ctx).close();
  },
});

export type { ApiServices } from './services/provided.ts';
