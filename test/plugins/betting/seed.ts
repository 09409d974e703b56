import type { FeedEvent, FeedPrice } from '../../../src/plugins/betting/feeds/provider.ts';
import { createFeedSink } from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { GameSchema } from '../../../src/plugins/betting/entities/game.ts';

export interface SeedGame {
  key: string;
  home: string;
  away: string;
  /** Minutes from now to kick-off. */
  inMinutes?: number;
  h2h?: [number, number, number];
  total?: { line: number; over: number; under: number };
}

/** Feeds games and prices through the plugin's own feed sink, as a feed would; returns game ids by key. */
export async function seedGames(ctx: BettingContext, games: SeedGame[]): Promise<{ ids: Record<string, number>; sink: (e: FeedEvent) => Promise<void> }> {
  const sink = createFeedSink(ctx, 'test');
  const ids: Record<string, number> = {};
  const at = new Date();
  for (const g of games) {
    const providerId = `test:${g.key}`;
    await sink({ type: 'game.scheduled', game: { providerId, sport: 'soccer', league: 'premier-league', homeTeam: g.home, awayTeam: g.away, startTime: new Date(Date.now() + (g.inMinutes ?? 60) * 60_000) } });
    const prices: FeedPrice[] = [];
    const [h, d, a] = g.h2h ?? [2.1, 3.4, 3.6];
    prices.push({ providerId, market: 'h2h', selection: 'home', price: h, at }, { providerId, market: 'h2h', selection: 'draw', price: d, at }, { providerId, market: 'h2h', selection: 'away', price: a, at });
    const total = g.total ?? { line: 2.5, over: 1.9, under: 1.95 };
    prices.push({ providerId, market: 'totals', selection: 'over', line: total.line, price: total.over, at }, { providerId, market: 'totals', selection: 'under', line: total.line, price: total.under, at });
    await sink({ type: 'odds', prices });
    ids[g.key] = (await ctx.em().findOneOrFail(GameSchema, { provider: 'test', providerId })).id;
  }
  return { ids, sink };
}

export const final = (key: string, home: number, away: number): FeedEvent => ({ type: 'game.final', providerId: `test:${key}`, home, away, at: new Date() });
export const kickoff = (key: string): FeedEvent => ({ type: 'game.started', providerId: `test:${key}`, at: new Date() });
