import type { App } from '../../src/core/app.ts';
import type { ApiContext } from '../../src/plugins/api/services/context.ts';
import { createKey, MAX_KEYS_PER_SERVER } from '../../src/plugins/api/services/keys.ts';
import type { BettingContext } from '../../src/plugins/betting/services/context.ts';
import { placeParlay, placeStraight } from '../../src/plugins/betting/services/placement.ts';
import { settleGame } from '../../src/plugins/betting/services/settlement.ts';
import { BENCH_GUILD, BET_COLUMNS, fairOf, H2H, SELECTIONS, seedGames, toAmerican } from './betting-data.ts';
import { openRaw } from './databases.ts';
import { rng } from './stats.ts';

/** The server's plan limit: the most `setPlanLimit` accepts (requests a minute per key). */
export const API_RATE_LIMIT = 100_000;
const MEMBERS = 300;
const SETTLED_GAMES = 8;
const OPEN_GAMES = 4;
const BETS_PER_SETTLED_GAME = 500;
const BETS_PER_OPEN_GAME = 250;
const DAY_MS = 86_400_000;

const memberId = (i: number): string => `2${String(i).padStart(17, '0')}`;

/** What the seeding made, for the report. */
export interface Seeded {
  bets: number;
  settled: number;
  parlays: number;
  tails: number;
  members: number;
}

/**
 * `count` h2h bets on one game, placed over the `spanMs` before `now` by members drawn with a regulars' skew (member
 * floor(n·u²)): a few bet a lot, most a little. Prices near the book's, stakes 0.5-5 units.
 */
function* betRows(gameId: number, count: number, spanMs: number, now: number, seed: number): Generator<unknown[]> {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const selection = SELECTIONS[Math.floor(r() * 3)]!;
    const decimal = Math.round(H2H[selection] * (0.95 + r() * 0.1) * 100) / 100;
    const units = Math.round((0.5 + r() * 4.5) * 2) / 2;
    yield [
      BENCH_GUILD, memberId(Math.floor(MEMBERS * r() ** 2)), 'game_line', gameId, 'h2h', selection, null, decimal, toAmerican(decimal), units,
      'pending', now - Math.floor(r() * spanMs), `api-bench-${gameId}-${i}`, fairOf(selection), 'soccer', 'bench-league',
    ];
  }
}

/**
 * A busy Platinum server's betting history: 4,000 bets on 8 games graded by the plugin's own `settleGame` (so the
 * unit records, the stats versions and the cache keys are the plugin's), 1,000 open bets on 4 games from the last two
 * days, and, newest, 3 parlays and 2 tails placed through the services a command uses (so the first page of the list
 * holds parlays with legs and bets with a source, as a real one does).
 */
export async function seedBetting(app: App, dbUrl: string): Promise<Seeded> {
  const ctx = app.contextOf('betting') as unknown as BettingContext;
  const games = await seedGames(ctx, SETTLED_GAMES + OPEN_GAMES);
  const now = Date.now();
  const raw = await openRaw(dbUrl);
  try {
    for (let g = 0; g < SETTLED_GAMES; g++) {
      await raw.insertMany('betting_bets', BET_COLUMNS, betRows(games[g]!.id, BETS_PER_SETTLED_GAME, 60 * DAY_MS, now - 2 * DAY_MS, 100 + g));
    }
    for (let g = SETTLED_GAMES; g < games.length; g++) {
      await raw.insertMany('betting_bets', BET_COLUMNS, betRows(games[g]!.id, BETS_PER_OPEN_GAME, 2 * DAY_MS, now - 60_000, 100 + g));
    }
  } finally {
    await raw.close();
  }
  let settled = 0;
  const r = rng(5);
  for (let g = 0; g < SETTLED_GAMES; g++) settled += (await settleGame(ctx, games[g]!.id, { home: Math.floor(r() * 4), away: Math.floor(r() * 4) })).settled;

  const open = games.slice(SETTLED_GAMES);
  const parlays = 3;
  for (let i = 0; i < parlays; i++) {
    await placeParlay(ctx, {
      guildId: BENCH_GUILD,
      userId: memberId(i),
      interactionId: `api-bench-parlay-${i}`,
      units: 1,
      legs: [
        { gameId: open[i % open.length]!.id, market: 'h2h', selection: SELECTIONS[i % 3]! },
        { gameId: open[(i + 1) % open.length]!.id, market: 'h2h', selection: SELECTIONS[(i + 1) % 3]! },
      ],
    });
  }
  const tails = 2;
  const followed = await placeStraight(ctx, { guildId: BENCH_GUILD, userId: memberId(7), interactionId: 'api-bench-capper', gameId: open[0]!.id, market: 'h2h', selection: 'home', units: 2 });
  for (let i = 0; i < tails; i++) {
    await placeStraight(ctx, {
      guildId: BENCH_GUILD, userId: memberId(20 + i), interactionId: `api-bench-tail-${i}`, gameId: open[0]!.id, market: 'h2h', selection: 'home', units: 1,
      source: { betId: followed.bet.id, kind: 'tail' },
    });
  }
  const bets = SETTLED_GAMES * BETS_PER_SETTLED_GAME + OPEN_GAMES * BETS_PER_OPEN_GAME + parlays + 1 + tails;
  return { bets, settled, parlays, tails, members: MEMBERS };
}

/**
 * A what-if for docs/BENCHMARKS.md, not a migration: the index the list's keyset (`where guild_id = ? order by
 * placed_at desc, id desc`) could walk instead of sorting every bet of the server on each page.
 */
export async function addListIndex(dbUrl: string): Promise<void> {
  const raw = await openRaw(dbUrl);
  try {
    await raw.run('create index `betting_bets_guild_placed_bench_index` on `betting_bets` (`guild_id`, `placed_at`, `id`)');
  } finally {
    await raw.close();
  }
}

/**
 * Puts the server on Platinum at the highest plan limit and issues as many read keys as a server may hold: the
 * bench rotates them over its connections so that no key's one-minute window fills (see bench/api.ts).
 */
export async function issueBenchKeys(app: App): Promise<string[]> {
  await app.settings.setTier(BENCH_GUILD, 'platinum');
  await app.settings.setPlanLimit(BENCH_GUILD, 'api_rate_limit', API_RATE_LIMIT);
  const ctx = app.contextOf('api') as unknown as ApiContext;
  const keys: string[] = [];
  for (let i = 0; i < MAX_KEYS_PER_SERVER; i++) {
    keys.push((await createKey(ctx, { guildId: BENCH_GUILD, name: `bench key ${i + 1}`, scope: 'read', createdBy: memberId(0) })).secret);
  }
  return keys;
}
