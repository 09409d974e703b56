import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isRefusal, isTopicId, type ApiPrincipal, type SocketRoute } from 'dbsbm';
import { getOperationAST, GraphQLError, GraphQLFloat, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, GraphQLString, parse, type GraphQLOutputType } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { StreamHub } from '../hub/hub.ts';
import { PushQueue } from '../hub/push-queue.ts';
import type { StreamContext } from '../services/context.ts';
import { resolveTopics } from '../services/topics.ts';

/** An event as a subscription yields it: the envelope of every transport, plus `subscribed` and `resync` markers. */
interface LiveEvent {
  id: string;
  topic: string;
  event: string;
  at: number;
  data: unknown;
}

const principals = new WeakMap<IncomingMessage, ApiPrincipal>();

function eventType(json: GraphQLOutputType): GraphQLObjectType {
  return new GraphQLObjectType({
    name: 'StreamEvent',
    description: 'One live event (the same envelope as SSE and the WebSocket), or a marker: `subscribed` (live events start after its id) and `resync` (refetch `data.topics` over REST).',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLString), description: 'Pass the last one you processed as `lastId` when you subscribe again.' },
      topic: { type: new GraphQLNonNull(GraphQLString) },
      event: { type: new GraphQLNonNull(GraphQLString), description: 'odds.moved, game.score, bet.settled, …, or subscribed / resync.' },
      at: { type: new GraphQLNonNull(GraphQLFloat), description: 'When it was published (epoch ms).' },
      data: { type: json },
    },
  });
}

/** The API's schema with a `Subscription { events(topics, lastId) }` field fed by this instance's hub. */
export function subscriptionSchema(ctx: StreamContext, hub: () => StreamHub): GraphQLSchema {
  const base = ctx.use('api').graphqlSchema();
  const existing = base.getType('JSON');
  const json =
    existing instanceof GraphQLScalarType
      ? existing
      : new GraphQLScalarType({ name: 'JSON', description: 'Any JSON value.', serialize: (v) => v });
  const subscription = new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      events: {
        type: new GraphQLNonNull(eventType(json)),
        description: 'Live events of the topics (docs/streaming.md), resumed after `lastId` when given: nothing missed, nothing twice.',
        args: {
          topics: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) },
          lastId: { type: GraphQLString },
        },
        subscribe: (_source: unknown, args: { topics: string[]; lastId?: string | null }, context: { principal: ApiPrincipal }) => follow(ctx, hub(), context.principal, args),
        resolve: (event: unknown) => event as LiveEvent,
      },
    },
  });
  const config = base.toConfig();
  return new GraphQLSchema({ ...config, types: config.types.filter((t) => t.name !== 'Subscription'), subscription });
}

async function follow(ctx: StreamContext, hub: StreamHub, principal: ApiPrincipal, args: { topics: string[]; lastId?: string | null }): Promise<AsyncIterableIterator<LiveEvent>> {
  const gate = await ctx.gate(principal.guildId);
  if (!gate.ok) throw new GraphQLError(gate.message, { extensions: { code: gate.identifier } });
  if (args.lastId && !isTopicId(args.lastId)) throw new GraphQLError('lastId is not an id the stream handed out (e.g. 1765123456789-0).', { extensions: { code: 'INVALID_EVENT_ID' } });
  let topics;
  try {
    topics = resolveTopics(args.topics, principal.guildId, ctx.options.maxTopicsPerClient);
  } catch (err) {
    if (isRefusal(err)) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
  // A queued event's size is estimated, not measured: it is only compared with the buffer limit.
  const queue = new PushQueue<LiveEvent>(() => client.close('gone'), () => 256);
  const client = hub.connect(principal.guildId, {
    event: (frames) => queue.push(JSON.parse(frames.json) as LiveEvent),
    control: (m) => queue.push({ id: m.id, topic: '', event: m.type, at: Date.now(), data: { topics: m.topics } }),
    buffered: () => queue.bytes,
    close: () => queue.end(),
    heartbeat: () => true,
  });
  try {
    const attached = await hub.attach(client, topics, args.lastId ?? null);
    queue.push({ id: attached.id, topic: '', event: 'subscribed', at: Date.now(), data: { topics: topics.map((t) => t.name) } });
    client.release();
  } catch (err) {
    client.close('gone');
    if (isRefusal(err)) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
  return queue;
}

/** `GET /api/v1/graphql` upgraded: GraphQL subscriptions over graphql-ws (queries and mutations stay on HTTP). */
export function graphqlWsRoute(ctx: StreamContext, hub: () => StreamHub): { route: SocketRoute; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  let schema: GraphQLSchema | undefined;
  const server = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema: () => (schema ??= subscriptionSchema(ctx, hub)),
      context: (c) => ({ principal: principals.get(c.extra.request)! }),
      onSubscribe: (_c, _id, payload) => {
        let operation;
        try {
          operation = getOperationAST(parse(payload.query), payload.operationName ?? undefined);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('The query does not parse.')];
        }
        if (operation?.operation !== 'subscription') return [new GraphQLError('Only subscriptions are served over this WebSocket; send queries and mutations to POST /api/v1/graphql.')];
        return undefined;
      },
    },
    wss,
  );
  return {
    route: {
      path: '/graphql',
      handle(req: IncomingMessage, socket: Duplex, head: Buffer, principal: ApiPrincipal) {
        principals.set(req, principal);
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      },
    },
    close: () => void server.dispose(),
  };
}
