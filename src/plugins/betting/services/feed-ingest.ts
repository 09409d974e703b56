import type { FeedEvent } from '../feeds/provider.ts';
import { GameSchema, type Game } from '../entities/game.ts';
import { OddsSnapshotSchema } from '../entities/odds-snapshot.ts';
import type { BettingContext } from './context.ts';
import { referenceCache } from './reference-cache.ts';
import { settleGame, voidGame } from './settlement.ts';

/**
 * Applies a feed's events to the database: games upserted by (provider, provider id), every price kept as history,
 * `odds.moved` when a price changes, bets go live at kick-off, grading on the final score. Repeated events change
 * nothing (grading is idempotent), so a feed may resend.
 */
export function createFeedSink(ctx: BettingContext, provider: string): (event: FeedEvent) => Promise<void> {
  const ids = new Map<string, number>();
  const lastPrice = new Map<string, number>();

  const gameFor = async (providerId: string): Promise<Game | null> => {
    const known = ids.get(providerId);
    const game = await ctx.em().findOne(GameSchema, known !== undefined ? { id: known } : { provider, providerId });
    if (game) ids.set(providerId, game.id);
    return game;
  };

  return async (event) => {
    switch (event.type) {
      case 'game.scheduled': {
        const g = event.game;
        const em = ctx.em();
        let game = await em.findOne(GameSchema, { provider, providerId: g.providerId });
        if (!game) {
          game = em.create(GameSchema, {
            provider, providerId: g.providerId, sport: g.sport, league: g.league, homeTeam: g.homeTeam, awayTeam: g.awayTeam,
            startTime: g.startTime.getTime(), status: 'scheduled', homeScore: null, awayScore: null, updatedAt: Date.now(),
          });
        } else if (game.status === 'scheduled') {
          game.startTime = g.startTime.getTime();
          game.updatedAt = Date.now();
        }
        await em.flush();
        ids.set(g.providerId, game.id);
        referenceCache(ctx).forgetGame(game.id);
        await ctx.events.publish('game.scheduled', { gameId: game.id, sport: game.sport, league: game.league, homeTeam: game.homeTeam, awayTeam: game.awayTeam, startTime: game.startTime });
        return;
      }
      case 'odds': {
        const em = ctx.em();
        const moved: { gameId: number; market: string; selection: string; line: number; from: number | null; to: number }[] = [];
        for (const p of event.prices) {
          const game = await gameFor(p.providerId);
          if (!game) continue;
          const line = p.line ?? 0;
          const key = `${game.id}|${p.market}|${p.selection}|${line}`;
          const from = lastPrice.get(key) ?? null;
          if (from === p.price) continue;
          em.create(OddsSnapshotSchema, { gameId: game.id, market: p.market, selection: p.selection, line, price: p.price, at: p.at.getTime(), source: provider });
          lastPrice.set(key, p.price);
          moved.push({ gameId: game.id, market: p.market, selection: p.selection, line, from, to: p.price });
        }
        await em.flush();
        for (const gameId of new Set(moved.map((m) => m.gameId))) referenceCache(ctx).forgetGame(gameId);
        for (const m of moved) await ctx.events.publish('odds.moved', m);
        return;
      }
      case 'game.started': {
        const game = await gameFor(event.providerId);
        if (!game || game.status !== 'scheduled') return;
        const em = ctx.em();
        await em.transactional(async (tem) => {
          const conn = tem.getConnection();
          const trx = tem.getTransactionContext();
          const now = event.at.getTime();
          await conn.execute(`update betting_games set status = 'live', updated_at = ? where id = ?`, [now, game.id], 'run', trx);
          const bets = `(game_id = ? or id in (select bet_id from betting_bet_legs where game_id = ?)) and status = 'pending'`;
          await conn.execute(
            `insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at) select guild_id, id, 'feed', 'kick-off', 'pending', 'live', null, ? from betting_bets where ${bets}`,
            [now, game.id, game.id],
            'run',
            trx,
          );
          await conn.execute(`update betting_bets set status = 'live' where ${bets}`, [game.id, game.id], 'run', trx);
        });
        referenceCache(ctx).forgetGame(game.id);
        await ctx.events.publish('game.started', { gameId: game.id });
        return;
      }
      case 'game.score': {
        const game = await gameFor(event.providerId);
        if (!game || game.status === 'final') return;
        await ctx.em().getConnection().execute('update betting_games set home_score = ?, away_score = ?, updated_at = ? where id = ?', [event.home, event.away, Date.now(), game.id], 'run');
        await ctx.events.publish('game.score', { gameId: game.id, home: event.home, away: event.away });
        return;
      }
      case 'game.final': {
        const game = await gameFor(event.providerId);
        if (!game || game.status === 'final') return;
        await settleGame(ctx, game.id, { home: event.home, away: event.away }, event.at.getTime());
        return;
      }
      case 'game.postponed':
      case 'game.cancelled': {
        const game = await gameFor(event.providerId);
        if (!game || game.status === 'final') return;
        await voidGame(ctx, game.id, event.type === 'game.postponed' ? 'postponed' : 'cancelled', event.at.getTime());
        return;
      }
    }
  };
}
