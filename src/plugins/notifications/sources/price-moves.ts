import type { EventMeta, EventPayload } from 'dbsbm';
import type { NotificationsContext } from '../services/context.ts';
import { raiseNow } from '../services/raise-now.ts';

/** A move smaller than this share of the price is noise, not news. */
export const MOVE_THRESHOLD = 0.03;

/** A price moved on a game members hold bets on: an odds alert to each, gathered into their digest for the market. */
export async function onOddsMoved(ctx: NotificationsContext, e: EventPayload<'odds.moved'>, meta: Pick<EventMeta, 'id' | 'publishedAt'>): Promise<void> {
  if (e.from === null || Math.abs(e.to - e.from) / e.from < MOVE_THRESHOLD) return;
  const betting = ctx.use('betting');
  const holders = await betting.holdersOfGame(e.gameId);
  if (holders.length === 0) return;
  const game = await betting.game(e.gameId);
  const label = game?.label ?? `game ${e.gameId}`;
  const byGuild = new Map<string, string[]>();
  for (const h of holders) byGuild.set(h.guildId, [...(byGuild.get(h.guildId) ?? []), h.userId]);
  for (const [guildId, userIds] of byGuild) {
    // Prices belong to no server, so the core cannot gate this event: each server's gate is asked here.
    if (!(await ctx.gate(guildId)).ok) continue;
    await raiseNow(ctx, {
      guildId,
      to: { userIds },
      type: 'odds_alert',
      key: `move:${meta.id}`,
      digestKey: `game:${e.gameId}:${e.market}`,
      title: `Price moved: ${label}`,
      body: `${e.selection} ${e.from.toFixed(2)} → ${e.to.toFixed(2)} (${e.market})`,
      data: { gameId: e.gameId, game: label, market: e.market, selection: e.selection, from: e.from, to: e.to, at: meta.publishedAt },
    });
  }
}
