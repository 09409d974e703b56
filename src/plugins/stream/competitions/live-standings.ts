import type { StreamContext } from '../services/context.ts';
import { Coalescer } from '../services/coalescer.ts';
import { CompetitionSchema } from './entity.ts';
import { appendStandings } from './live-events.ts';
import { computeStandings } from './standings.ts';

/** The shortest time between two live standings of one competition (per instance). */
export const STANDINGS_EVERY_MS = 2_000;

const live = new WeakMap<StreamContext, { coalescer: Coalescer; unsubscribe: (() => void)[] }>();

/**
 * Recomputes a running competition's standings and appends them to its server's `competitions` topic. Nothing for a
 * competition that is no longer running (its final standings go out with `competition.ended`).
 */
export async function publishStandings(ctx: StreamContext, competitionId: number, now = Date.now()): Promise<string | null> {
  const competition = await ctx.em().findOne(CompetitionSchema, { id: competitionId });
  if (!competition || competition.status !== 'running' || competition.endsAt <= now) return null;
  return appendStandings(ctx, competition, await computeStandings(ctx, competition, now));
}

/** A bet of the server settled (or was voided): every running competition there gets fresh standings, coalesced. */
async function onBetChanged(ctx: StreamContext, coalescer: Coalescer, guildId: string): Promise<void> {
  const running = await ctx.em().find(CompetitionSchema, { guildId, status: 'running' }, { fields: ['id'] });
  for (const { id } of running) coalescer.touch(`competition:${id}`, async () => void (await publishStandings(ctx, id)));
}

/**
 * Starts live standings: betting's `bet.settled` and `bet.voided` (delivered only for servers with the plugin on)
 * recompute the standings of the server's running competitions, at most once per {@link STANDINGS_EVERY_MS} each.
 */
export function startLiveStandings(ctx: StreamContext): void {
  const coalescer = new Coalescer(STANDINGS_EVERY_MS, (err, key) => ctx.logger.warn({ err, key }, 'could not publish live competition standings'));
  const unsubscribe = [
    ctx.events.subscribe('bet.settled', ({ guildId }) => onBetChanged(ctx, coalescer, guildId)),
    ctx.events.subscribe('bet.voided', ({ guildId }) => onBetChanged(ctx, coalescer, guildId)),
  ];
  live.set(ctx, { coalescer, unsubscribe });
}

/** Stops live standings (shutdown): scheduled recomputations are dropped. */
export function stopLiveStandings(ctx: StreamContext): void {
  const state = live.get(ctx);
  if (!state) return;
  for (const off of state.unsubscribe) off();
  state.coalescer.stop();
  live.delete(ctx);
}
