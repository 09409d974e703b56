/**
 * Late-night streaks: betting between midnight and 5am local time on several nights in a row.
 *
 * Night after night of betting in the small hours is a sign that betting is crowding out sleep. Only the last 30
 * local nights up to `now` are looked at: a streak is about the present, not last season. A night counts when the
 * member placed at least one bet from 00:00 to 04:59 in the guild's zone; the statistic is the longest run of
 * consecutive such nights, and 3 nights in a row is a streak.
 *
 * Confidence asks how surprising that run is for someone who bets late only now and then: taking one late night a
 * week (p = 1/7) as ordinary, the certainty is one minus the exact probability of a run at least this long in the
 * number of nights observed (the 30-night window, or fewer if the member's first bet is more recent).
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { probabilityOfRun } from './statistics/run-probability.ts';

/** Local hours from midnight up to (not including) this one are "late night". */
export const NIGHT_END_HOUR = 5;
/** Nights looked back over, counting the one `now` falls in. */
export const WINDOW_NIGHTS = 30;
/** Consecutive late nights that make a streak. */
export const STREAK_NIGHTS = 3;
/** Share of nights with late betting taken as ordinary (one a week). */
export const ORDINARY_NIGHT_RATE = 1 / 7;

/** The longest run of consecutive day numbers in `days`, and the day it ended on (the latest such run on a tie). */
export function longestRun(days: readonly number[]): { length: number; endDay: number | null } {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  let best = { length: 0, endDay: null as number | null };
  let length = 0;
  for (let i = 0; i < sorted.length; i++) {
    length = i > 0 && sorted[i] === sorted[i - 1] + 1 ? length + 1 : 1;
    if (length >= best.length) best = { length, endDay: sorted[i] };
  }
  return best;
}

/** Detects a streak of late nights in the last 30 nights. */
export const detectLateNightStreak: Detector = (bets, { clock, now, minBets }) => {
  if (bets.length === 0) return [];
  const today = clock.at(now).day;
  const firstDay = Math.max(today - WINDOW_NIGHTS + 1, clock.at(bets[0].placedAt).day);
  const recent = bets.filter((bet) => clock.at(bet.placedAt).day >= firstDay);
  const nights: number[] = [];
  for (const bet of recent) {
    const local = clock.at(bet.placedAt);
    if (local.hour < NIGHT_END_HOUR) nights.push(local.day);
  }
  const run = longestRun(nights);
  if (run.length < STREAK_NIGHTS || run.endDay === null) return [];
  const observed = today - firstDay + 1;
  const chance = probabilityOfRun(observed, run.length, ORDINARY_NIGHT_RATE);
  const lastNight = new Date(run.endDay * 86_400_000).toISOString().slice(0, 10);
  const lateNights = new Set(nights).size;
  return [
    {
      type: 'late_night_streak',
      confidence: gatedConfidence(1 - chance, recent.length, minBets),
      harmful: true,
      summary: `You placed bets between midnight and 5am on ${run.length} nights in a row, most recently in the early hours of ${lastNight}.`,
      data: {
        longestStreak: run.length,
        streakEnd: lastNight,
        lateNights,
        nightsObserved: observed,
        recentBets: recent.length,
        chanceIfOccasional: roundTo4(chance),
        ordinaryNightRate: roundTo4(ORDINARY_NIGHT_RATE),
        timeZone: clock.timeZone,
      },
    },
  ];
};
