import { pino } from 'pino';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import analytics from '../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../src/plugins/analytics/services/context.ts';
import { BENCH_GUILD } from './betting-data.ts';
import { bettingEntry } from './databases.ts';
import { rng } from './stats.ts';

export const DAY_MS = 86_400_000;
/** How far back the history goes: about two years of settled bets. */
export const HISTORY_DAYS = 730;

export interface AnalyticsBenchApp {
  app: App;
  ctx: AnalyticsContext;
  close(): Promise<void>;
}

/**
 * Boots the core with the betting and analytics plugins on `url` (migrated), without Discord, HTTP or the job
 * worker. The analytics services are called directly, so the server's tier and plugin switch do not matter here.
 */
export async function bootAnalyticsApp(url: string): Promise<AnalyticsBenchApp> {
  const config = loadConfig({ DATABASE_URL: url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  const app = await App.create({
    config,
    plugins: [bettingEntry(), { plugin: analytics, options: { linkSecret: 'x'.repeat(40) } }],
    logger: pino({ level: 'silent' }),
    bot: false,
    jobs: { autoStart: false },
  });
  const ctx = app.contextOf('analytics') as unknown as AnalyticsContext;
  return { app, ctx, close: () => app.stop() };
}

/** Sports with their leagues, and the share of members whose main sport each one is. */
export const SPORTS: readonly { sport: string; leagues: readonly string[]; share: number }[] = [
  { sport: 'soccer', leagues: ['premier-league', 'la-liga', 'serie-a', 'bundesliga', 'champions-league'], share: 0.45 },
  { sport: 'basketball', leagues: ['nba', 'euroleague', 'ncaab'], share: 0.25 },
  { sport: 'american_football', leagues: ['nfl', 'ncaaf'], share: 0.15 },
  { sport: 'tennis', leagues: ['atp', 'wta'], share: 0.1 },
  { sport: 'ice_hockey', leagues: ['nhl'], share: 0.05 },
];

export const ANALYTICS_UNIT_RECORD_COLUMNS = [
  'guild_id', 'user_id', 'bet_id', 'bet_type', 'result', 'units', 'net', 'month', 'year', 'settled_at', 'sport', 'league', 'fair_decimal_at_bet', 'closing_fair_decimal',
] as const;

export const memberId = (i: number): string => `2${String(i).padStart(17, '0')}`;

export interface AnalyticsHistory {
  /** The busiest member (most bets expected), and one with a typical number: the cappers the questions filter on. */
  busiestCapper: string;
  typicalCapper: string;
  rows: Generator<unknown[]>;
}

/**
 * `count` settled bets (unit records) of `users` members of one server over the {@link HISTORY_DAYS} days before
 * `now`, shaped like a real server's history rather than uniform noise:
 *
 * - members join over the two years (more of them early on) and bet only from then on, so recent weeks have new
 *   members (weekly cohorts are not empty) and the server's volume grows;
 * - activity is skewed: a few members place many times the bets of most;
 * - bets come in sessions of 1-4 on one day, mostly in the member's main sport (70 %);
 * - 60 % game lines, 25 % player props, 15 % parlays; 1 % of bets have no sport or league (imports);
 * - results follow the price and the member's edge; 3 % pushes, 2 % voids; nets follow the payout rules;
 * - 75 % carry both a fair price at bet time and a closing fair price (closing-line value), 5 % only the first.
 *
 * Prices have 2 decimals and stakes are multiples of 0.5, so every net is a multiple of 0.005 and sums in any order
 * round to the same 4 decimals. Deterministic for a seed.
 */
export function analyticsHistory(count: number, users: number, now: number, seed = 11): AnalyticsHistory {
  const r = rng(seed);
  const today = Math.floor(now / DAY_MS);
  const firstDay = today - HISTORY_DAYS + 1;
  const members = Array.from({ length: users }, () => {
    // sqrt: more members joined early than late.
    const joinDay = today - Math.floor(Math.sqrt(r()) * HISTORY_DAYS);
    const weight = 0.2 + 5 * r() ** 3;
    const edge = 0.93 + r() * 0.14;
    let roll = r();
    let main = 0;
    while (main < SPORTS.length - 1 && roll >= SPORTS[main]!.share) roll -= SPORTS[main++]!.share;
    return { joinDay: Math.max(firstDay, joinDay), weight, edge, main };
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const m of members) cumulative.push((total += m.weight));
  const pickMember = (): number => {
    const x = r() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Expected bets per member ∝ weight, so the busiest has the highest weight; "typical" is the median weight.
  const byWeight = members.map((m, i) => ({ i, w: m.weight })).sort((a, b) => b.w - a.w);
  const busiestCapper = memberId(byWeight[0]!.i);
  const typicalCapper = memberId(byWeight[Math.floor(users / 2)]!.i);

  function* rows(): Generator<unknown[]> {
    let emitted = 0;
    while (emitted < count) {
      const user = pickMember();
      const m = members[user]!;
      const day = m.joinDay + Math.floor(r() * (today - m.joinDay + 1));
      const dayStart = day * DAY_MS;
      const dayEnd = Math.min((day + 1) * DAY_MS, now);
      const sessionBets = 1 + Math.floor(r() * 4);
      for (let k = 0; k < sessionBets && emitted < count; k++) {
        const noSport = r() < 0.01;
        const s = SPORTS[r() < 0.7 ? m.main : Math.floor(r() * SPORTS.length)]!;
        const sport = noSport ? null : s.sport;
        const league = noSport ? null : s.leagues[Math.floor(r() * s.leagues.length)]!;
        const typeRoll = r();
        const betType = typeRoll < 0.6 ? 'game_line' : typeRoll < 0.85 ? 'player_prop' : 'parlay';
        const decimal = Math.round((betType === 'parlay' ? 2.5 + r() * 9.5 : betType === 'player_prop' ? 1.6 + r() * 1 : 1.5 + r() * 2) * 100) / 100;
        const units = betType === 'parlay' ? 0.5 * (1 + Math.floor(r() * 4)) : 0.5 * (1 + Math.floor(r() * 10));
        const roll = r();
        const result = roll < 0.03 ? 'push' : roll < 0.05 ? 'void' : r() < m.edge / decimal ? 'won' : 'lost';
        const net = result === 'won' ? Math.round(units * (decimal - 1) * 1e4) / 1e4 : result === 'lost' ? -units : 0;
        const settledAt = dayStart + Math.floor(r() * (dayEnd - dayStart));
        const priceRoll = r();
        const fair = priceRoll < 0.8 ? Math.round(decimal * (1.02 + r() * 0.04) * 1e4) / 1e4 : null;
        const closing = priceRoll < 0.75 ? Math.round(fair! * (0.9 + r() * 0.2) * 1e4) / 1e4 : null;
        const d = new Date(settledAt);
        emitted++;
        yield [BENCH_GUILD, memberId(user), emitted, betType, result, units, net, d.getUTCMonth() + 1, d.getUTCFullYear(), settledAt, sport, league, fair, closing];
      }
    }
  }
  return { busiestCapper, typicalCapper, rows: rows() };
}
