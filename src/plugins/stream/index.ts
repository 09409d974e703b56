import { definePlugin } from 'dbsbm';
import { competitionsPart } from './competitions/index.ts';
import { liveDiscordPart } from './discord/index.ts';
import type { StreamPart } from './parts.ts';
import { STREAM_REFUSALS } from './refusals.ts';
import type { StreamContext } from './services/context.ts';
import { appendFeedEvents } from './services/feed-topics.ts';
import { closeRuntime, recheckGates, runtimeOf } from './services/runtime.ts';
import { streamOptions } from './settings.ts';
import { pollEndpoint } from './transports/poll.ts';
import { sseRoutes } from './transports/sse.ts';
import { wsRoute } from './transports/ws.ts';
import { graphqlWsRoute } from './transports/graphql-ws.ts';

const parts: StreamPart[] = [liveDiscordPart, competitionsPart];

const GATE_RECHECK_MS = 2_000;

/**
 * Live streaming: prices, scores, a server's bets, leaderboards and competitions over SSE, WebSocket and long-poll,
 * resumable by event id on any instance; live scoreboards, leaderboards, game threads and competitions in Discord.
 * Platinum, behind the server's `real_time_features` flag. See README.md beside this file and docs/streaming.md.
 */
export default definePlugin({
  name: 'stream',
  version: '1.0.0',
  api: '^1.0.0',
  description: 'Live odds, scores, bets and leaderboards over SSE and WebSocket; live boards in Discord',
  tier: 'platinum',
  flag: 'realTimeFeatures',
  // The API authenticates streams (keys, tokens) and lends its GraphQL schema to subscriptions.
  requires: ['betting', 'api'],
  options: streamOptions,
  refusals: STREAM_REFUSALS,
  entities: parts.flatMap((p) => p.entities ?? []),
  migrations: parts.flatMap((p) => p.migrations ?? []),
  commands: (ctx) => parts.flatMap((p) => p.commands?.(ctx) ?? []),
  interactionHandlers: (ctx) => parts.flatMap((p) => p.interactionHandlers?.(ctx) ?? []),
  jobs: Object.assign({}, ...parts.map((p) => p.jobs ?? {})) as NonNullable<StreamPart['jobs']>,
  endpoints: (ctx) => [pollEndpoint(ctx)],
  routes: (router, ctx) => sseRoutes(router, ctx, () => runtimeOf(ctx).hub),
  sockets: (ctx) => {
    const ws = wsRoute(ctx, () => runtimeOf(ctx).hub);
    const gql = graphqlWsRoute(ctx, () => runtimeOf(ctx).hub);
    runtimeOf(ctx).stops.push(ws.close, gql.close);
    return [ws.route, gql.route];
  },
  async setup(ctx) {
    ctx.topics.configure({ historyMs: ctx.options.historyMs, maxLength: ctx.options.maxTopicLength });
    const rt = runtimeOf(ctx);
    rt.stops.push(appendFeedEvents(ctx));
    // A server whose plan or flag no longer allows streaming loses its clients within seconds. (The bus does not
    // tell a plugin about a server it is off for, so this asks the gate, which answers from cache.)
    const timer = setInterval(() => void recheckGates(ctx, rt.hub), GATE_RECHECK_MS);
    timer.unref();
    rt.stops.push(() => clearInterval(timer));
    for (const part of parts) await part.setup?.(ctx as StreamContext);
  },
  drain(ctx) {
    closeRuntime(ctx);
  },
  async teardown(ctx) {
    closeRuntime(ctx);
    for (const part of parts) await part.teardown?.(ctx as StreamContext);
  },
});
