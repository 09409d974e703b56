import { GameSchema } from '../../src/plugins/betting/entities/game.ts';
import type { FeedEvent } from '../../src/plugins/betting/feeds/provider.ts';
import { createFeedSink } from '../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../src/plugins/betting/services/context.ts';
import { rng } from './stats.ts';

export const BENCH_GUILD = '1100000000000000100'; // the demo server's id, so the testkit's server and these rows agree
export const PROVIDER = 'bench';
export const H2H = { home: 2.1, draw: 3.4, away: 3.6 } as const;
export type H2hSelection = keyof typeof H2H;
export const SELECTIONS: readonly H2hSelection[] = ['home', 'draw', 'away'];

const TEAMS = ['Arsenal', 'Chelsea', 'Liverpool', 'Everton', 'Fulham', 'Brentford', 'Wolves', 'Burnley', 'Leeds', 'Spurs', 'Villa', 'Forest'];

export interface SeededGame {
  id: number;
  providerId: string;
  homeTeam: string;
  awayTeam: string;
}

/**
 * Seeds soccer games kicking off in a week, each with an h2h book, through the betting plugin's own feed sink (the
 * path a real feed takes).
 */
export async function seedGames(ctx: BettingContext, count: number, startInMs = 7 * 86_400_000): Promise<SeededGame[]> {
  const sink = createFeedSink(ctx, PROVIDER);
  const now = Date.now();
  const games: SeededGame[] = [];
  for (let i = 0; i < count; i++) {
    const providerId = `bench-game-${i + 1}`;
    const homeTeam = TEAMS[(2 * i) % TEAMS.length]!;
    const awayTeam = TEAMS[(2 * i + 1) % TEAMS.length]!;
    const scheduled: FeedEvent = {
      type: 'game.scheduled',
      game: { providerId, sport: 'soccer', league: 'bench-league', homeTeam, awayTeam, startTime: new Date(now + startInMs + i * 3_600_000) },
    };
    await sink(scheduled);
    const at = new Date(now - 60_000);
    await sink({ type: 'odds', prices: SELECTIONS.map((selection) => ({ providerId, market: 'h2h' as const, selection, price: H2H[selection], at })) });
    const game = await ctx.em().findOneOrFail(GameSchema, { provider: PROVIDER, providerId });
    games.push({ id: game.id, providerId, homeTeam, awayTeam });
  }
  return games;
}

/** Decimal to American odds, as the plugin stores them (rounded). */
export function toAmerican(decimal: number): number {
  return decimal >= 2 ? Math.round((decimal - 1) * 100) : Math.round(-100 / (decimal - 1));
}

/** Fair (de-margined) decimal price of a selection of the seeded book. */
export function fairOf(selection: H2hSelection): number {
  const inv = SELECTIONS.reduce((s, k) => s + 1 / H2H[k], 0);
  return Math.round(H2H[selection] * inv * 1e4) / 1e4;
}

export const BET_COLUMNS = [
  'guild_id', 'user_id', 'type', 'game_id', 'market', 'selection', 'line', 'decimal', 'american', 'units', 'status',
  'placed_at', 'interaction_id', 'fair_decimal_at_bet', 'sport', 'league',
] as const;

/** `count` pending h2h bets on one game by `users` members, with prices near the book's and stakes of 0.5-5 units. */
export function* betRows(gameId: number, count: number, users: number, seed = 42): Generator<unknown[]> {
  const r = rng(seed);
  const placedAt = Date.now() - 3_600_000;
  for (let i = 0; i < count; i++) {
    const selection = SELECTIONS[Math.floor(r() * 3)]!;
    const decimal = Math.round(H2H[selection] * (0.95 + r() * 0.1) * 100) / 100;
    const units = Math.round((0.5 + r() * 4.5) * 2) / 2;
    yield [
      BENCH_GUILD, `2${String(Math.floor(r() * users)).padStart(17, '0')}`, 'game_line', gameId, 'h2h', selection, null, decimal, toAmerican(decimal), units,
      'pending', placedAt, `bench-${gameId}-${i}`, fairOf(selection), 'soccer', 'bench-league',
    ];
  }
}

export const UNIT_RECORD_COLUMNS = [
  'guild_id', 'user_id', 'bet_id', 'bet_type', 'result', 'units', 'net', 'month', 'year', 'settled_at', 'sport', 'league', 'fair_decimal_at_bet', 'closing_fair_decimal',
] as const;

/**
 * `count` unit records (settled bets) spread over `users` members of one server and the last two years: each member
 * has their own win rate (40-55 %), so the ranking is not a coin toss; 3 % pushes, 2 % voids.
 */
export function* unitRecordRows(count: number, users: number, seed = 7): Generator<unknown[]> {
  const r = rng(seed);
  const skill = Array.from({ length: users }, () => 0.4 + r() * 0.15);
  const now = Date.now();
  const span = 2 * 365 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const user = Math.floor(r() * users);
    const decimal = 1.5 + r() * 2;
    const units = Math.round((0.5 + r() * 4.5) * 2) / 2;
    const roll = r();
    const result = roll < 0.03 ? 'push' : roll < 0.05 ? 'void' : r() < skill[user]! ? 'won' : 'lost';
    const net = result === 'won' ? Math.round(units * (decimal - 1) * 1e4) / 1e4 : result === 'lost' ? -units : 0;
    const settledAt = now - Math.floor(r() * span);
    const d = new Date(settledAt);
    yield [
      BENCH_GUILD, `2${String(user).padStart(17, '0')}`, i + 1, 'game_line', result, units, net, d.getUTCMonth() + 1, d.getUTCFullYear(), settledAt, 'soccer', 'bench-league', null, null,
    ];
  }
}
