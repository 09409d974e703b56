import type { EventMeta, EventName } from 'dbsbm';
import type { StreamContext } from './context.ts';
import { guildTopicKey } from './guild-topics.ts';
import { leagueSlug, publicTopicKey } from './topics.ts';

const SCORE_EVENTS = ['game.started', 'game.score', 'game.final'] as const satisfies readonly EventName[];
const BET_EVENTS = ['bet.placed', 'bet.settled', 'bet.voided', 'bet.cancelled'] as const satisfies readonly EventName[];

/** Leagues of games already looked up (a game's league never changes). */
const leagues = new WeakMap<object, Map<number, string | null>>();

async function leagueOf(ctx: StreamContext, gameId: number): Promise<string | null> {
  let map = leagues.get(ctx);
  if (!map) leagues.set(ctx, (map = new Map()));
  if (map.has(gameId)) return map.get(gameId)!;
  const game = await ctx.use('betting').game(gameId);
  const league = game ? game.league : null;
  if (map.size > 5_000) map.clear();
  map.set(gameId, league);
  return league;
}

/**
 * Appends the bus's events to the live topics, once per deployment: a published event is heard by every instance,
 * so only the instance it came from appends it; a durable event that is delivered again keeps its id, which the log
 * drops as a repeat.
 */
export function appendFeedEvents(ctx: StreamContext): () => void {
  // One line per outage, not one per event: a feed at match-day rate would flood the log while Redis is away.
  let failing = 0;
  const append = async (keys: string[], event: string, data: unknown, meta: EventMeta): Promise<void> => {
    if (meta.origin !== ctx.instanceId) return;
    try {
      await ctx.topics.append(keys, event, data, { dedupeKey: `ev:${meta.id}` });
      if (failing > 0) ctx.logger.info({ missed: failing }, 'live events are appended again');
      failing = 0;
    } catch (err) {
      if (failing++ === 0) ctx.logger.warn({ err, event, eventId: meta.id }, 'could not append a live event: live clients miss events until the topic log answers (the records are in the database)');
    }
  };
  const offs = [
    ctx.events.subscribe('odds.moved', async (payload, meta) => {
      if (meta.origin !== ctx.instanceId) return;
      const league = await leagueOf(ctx, payload.gameId);
      const keys = [publicTopicKey(`odds:game:${payload.gameId}`), ...(league ? [publicTopicKey(`odds:league:${leagueSlug(league)}`)] : [])];
      await append(keys, 'odds.moved', { ...payload, league }, meta);
    }),
    ...SCORE_EVENTS.map((event) =>
      ctx.events.subscribe(event, (payload, meta) => append([publicTopicKey('scores'), publicTopicKey(`scores:game:${payload.gameId}`)], event, payload, meta)),
    ),
    ...BET_EVENTS.map((event) => ctx.events.subscribe(event, (payload, meta) => append([guildTopicKey(payload.guildId, 'bets')], event, payload, meta))),
  ];
  return () => offs.forEach((off) => off());
}
