/** Constructed bet histories for the pattern-detector tests. */

import type { HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/types.ts';
import { mulberry32 } from '../../../../../src/core/random/seeded-random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** "Now" for every fixture: 2025-03-01 12:00 UTC. */
export const NOW = Date.UTC(2025, 2, 1, 12);

/** The app's one seeded PRNG, so fixtures are the same on every run. */
export const random = mulberry32;

let nextId = 1;

/** A settled 1-unit straight game-line bet at 2.00, lost, placed at `placedAt`; override what the test cares about. */
export function makeBet(placedAt: number, overrides: Partial<HistoryBet> = {}): HistoryBet {
  const base: HistoryBet = {
    betId: nextId++,
    placedAt,
    settledAt: placedAt + 3 * HOUR,
    units: 1,
    decimal: 2,
    status: 'lost',
    net: -1,
    type: 'game_line',
    legs: 1,
    sport: 'soccer',
    league: 'EPL',
    team: 'Arsenal',
  };
  return { ...base, ...overrides };
}

/** Won or lost with its net worked out from units and price. */
export function settle(bet: HistoryBet, won: boolean): HistoryBet {
  return { ...bet, status: won ? 'won' : 'lost', net: won ? bet.units * (bet.decimal - 1) : -bet.units };
}

const SPORTS = ['soccer', 'basketball', 'american_football', 'ice_hockey', 'baseball', 'tennis'];
const TEAMS = Array.from({ length: 24 }, (_, i) => `Team ${String.fromCharCode(65 + i)}`);
const STAKES = [1, 1.5, 2, 2.5, 3];

/**
 * A normal, varied member: about one bet a day over `count` days ending the day before {@link NOW}, placed between
 * 10:00 and 23:59 UTC, stakes drawn from 1–3 units regardless of results, prices 1.5–4.0, six sports, 24 teams,
 * one bet in seven a 2- or 3-leg parlay, each bet settled three hours later with a fair chance of winning.
 */
export function variedHistory(seed: number, count = 150): HistoryBet[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const bets: HistoryBet[] = [];
  const firstDay = NOW - (count + 1) * DAY;
  for (let i = 0; i < count; i++) {
    const dayStart = Math.floor((firstDay + i * DAY) / DAY) * DAY;
    const placedAt = dayStart + 10 * HOUR + Math.floor(rand() * 14 * 60) * MINUTE;
    const parlay = rand() < 1 / 7;
    const legs = parlay ? 2 + Math.floor(rand() * 2) : 1;
    const decimal = parlay ? Math.round((1.8 + rand()) ** legs * 100) / 100 : Math.round((1.5 + rand() * 2.5) * 100) / 100;
    const bet = makeBet(placedAt, {
      units: pick(STAKES),
      decimal,
      type: parlay ? 'parlay' : rand() < 0.3 ? 'player_prop' : 'game_line',
      legs,
      sport: parlay ? null : pick(SPORTS),
      league: null,
      team: parlay ? null : pick(TEAMS),
    });
    bets.push(settle(bet, rand() < 0.95 / decimal));
  }
  return bets;
}
