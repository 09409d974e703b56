import { compareIds, defineRoute, isTopicId, maxIdOf, type ApiRoute, type TopicEntry } from 'dbsbm';
import { z } from 'zod';
import type { StreamContext } from '../services/context.ts';
import { resolveTopics, topicNameOf, type ResolvedTopic } from '../services/topics.ts';
import { gateOrRefuse } from './sse.ts';

const MAX_EVENTS = 500;

const envelope = z
  .object({
    id: z.string().describe('The event id: send the last one you processed as `after` (or Last-Event-ID / lastId).'),
    topic: z.string(),
    event: z.string().describe('odds.moved, game.started, game.score, game.final, bet.placed, bet.settled, leaderboard.updated, competition.standings, …'),
    at: z.number().int().describe('When it was published (epoch ms).'),
    data: z.unknown(),
  })
  .meta({ id: 'StreamEvent' });

const pollAnswer = z
  .object({
    events: z.array(envelope),
    next: z.string().describe('Call again with after=<next>.'),
    resync: z.array(z.string()).describe('Topics whose missed events are no longer kept: refetch them over REST, then go on from `next`.'),
  })
  .meta({ id: 'StreamPoll' });

type Poll = z.input<typeof pollAnswer>;

function envelopeOf(entry: TopicEntry): z.input<typeof envelope> {
  return { id: entry.id, topic: topicNameOf(entry.key), event: entry.event, at: entry.at, data: JSON.parse(entry.data) as unknown };
}

/** Events of `topics` in (after, upto], oldest first, each once, at most {@link MAX_EVENTS}. */
async function read(ctx: StreamContext, topics: readonly ResolvedTopic[], after: string, upto: string): Promise<Poll> {
  if (compareIds(after, upto) > 0) return { events: [], next: upto, resync: topics.map((t) => t.name) };
  const ranges = await Promise.all(topics.map((t) => ctx.topics.range(t.key, after, upto, MAX_EVENTS + 1).then((r) => ({ t, r }))));
  const resync = ranges.filter(({ r }) => r.gone).map(({ t }) => t.name);
  const byId = new Map<string, TopicEntry>();
  for (const { r } of ranges) if (!r.gone) for (const e of r.entries) if (!byId.has(e.id)) byId.set(e.id, e);
  const entries = [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
  if (entries.length > MAX_EVENTS) {
    const page = entries.slice(0, MAX_EVENTS);
    return { events: page.map(envelopeOf), next: page[page.length - 1]!.id, resync };
  }
  return { events: entries.map(envelopeOf), next: upto, resync };
}

/** `GET /api/v1/stream/poll`: the live stream for clients that can hold neither a WebSocket nor SSE. */
export function pollEndpoint(ctx: StreamContext): ApiRoute {
  return defineRoute({
    method: 'get',
    path: '/poll',
    operationId: 'pollStream',
    summary: 'Long-poll the live stream: events after an id, waiting up to `wait` seconds for the next one',
    description: 'The same events and ids as GET /api/v1/stream (SSE) and the WebSocket at /api/v1/ws. Without `after`, answers at once with the current position as `next`.',
    graphql: false,
    query: z.object({
      topics: z.string().min(1).max(2_000).describe('Comma-separated topics, e.g. scores,bets,odds:game:12.'),
      after: z.string().refine(isTopicId, 'after is an event id the stream handed out, e.g. 1765123456789-0').optional(),
      wait: z.coerce.number().int().min(0).max(25).default(20).describe('Seconds to wait for an event when none is there yet.'),
    }),
    response: pollAnswer,
    async handler({ guildId, query }) {
      await gateOrRefuse(ctx, guildId);
      const topics = resolveTopics(query.topics.split(','), guildId, ctx.options.maxTopicsPerClient);
      if (query.after === undefined) return { events: [], next: await ctx.topics.head(), resync: [] };
      let latest: string | null = null;
      let wake: () => void = () => undefined;
      const woke = new Promise<void>((resolve) => (wake = resolve));
      const listener = (entry: TopicEntry): void => {
        latest = latest === null ? entry.id : maxIdOf(latest, entry.id);
        wake();
      };
      try {
        const positions = await Promise.all(topics.map((t) => ctx.topics.watch(t.key, listener)));
        let upto = positions.reduce((a, b) => maxIdOf(a, b));
        // An id past this instance's position that the log has handed out (the newest event was on a topic nobody
        // here follows, or an instance that had read further answered the last poll): go on from it, no resync.
        if (compareIds(query.after, upto) > 0 && compareIds(query.after, await ctx.topics.head()) <= 0) upto = query.after;
        let answer = await read(ctx, topics, query.after, upto);
        if (answer.events.length === 0 && answer.resync.length === 0 && query.wait > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([woke, new Promise<void>((resolve) => (timer = setTimeout(resolve, query.wait * 1000)))]);
          clearTimeout(timer);
          if (latest !== null) {
            upto = maxIdOf(upto, latest);
            answer = await read(ctx, topics, query.after, upto);
          }
        }
        return answer;
      } finally {
        for (const t of topics) ctx.topics.unwatch(t.key, listener);
      }
    },
  });
}
