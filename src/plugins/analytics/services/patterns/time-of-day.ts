/**
 * Time-of-day habit: most bets placed in the same few hours of the day, in the guild's time zone.
 *
 * Bets are counted by the local hour they were placed in. The busiest 3-hour window (wrapping past midnight, so
 * 23:00–02:00 is a window) is found; a habit is at least 60% of bets in it. If hours were spread evenly a
 * 3-hour window would hold 1/8 of the bets, so 60% is far beyond what scanning 24 windows turns up by chance in a
 * real sample. The certainty is the score-test confidence that the true share in that window is above 60%.
 * It is not a harm by itself (a member who bets before the evening kick-offs has a habit, not a problem);
 * late-night betting has its own detector.
 */

import { gatedConfidence, roundTo4 } from './confidence.ts';
import type { Detector } from './detector.ts';
import { shareAboveConfidence } from './statistics/proportion-test.ts';

/** Hours in the window. */
export const WINDOW_HOURS = 3;
/** Share of bets in the window that makes a habit. */
export const HABIT_SHARE = 0.6;

/** The busiest window: its first hour and how many bets it holds (earliest start wins a tie). */
export function busiestWindow(hourCounts: readonly number[]): { start: number; count: number } {
  let best = { start: 0, count: -1 };
  for (let start = 0; start < 24; start++) {
    let count = 0;
    for (let k = 0; k < WINDOW_HOURS; k++) count += hourCounts[(start + k) % 24];
    if (count > best.count) best = { start, count };
  }
  return best;
}

/** Detects a time-of-day habit. */
export const detectTimeOfDay: Detector = (bets, { clock, minBets }) => {
  const n = bets.length;
  if (n === 0) return [];
  const hourCounts = new Array<number>(24).fill(0);
  for (const bet of bets) hourCounts[clock.at(bet.placedAt).hour]++;
  const window = busiestWindow(hourCounts);
  const share = window.count / n;
  if (share < HABIT_SHARE) return [];
  const end = (window.start + WINDOW_HOURS) % 24;
  return [
    {
      type: 'time_of_day',
      confidence: gatedConfidence(shareAboveConfidence(share, n, HABIT_SHARE), n, minBets),
      harmful: false,
      summary: `${window.count} of your ${n} bets (${Math.round(share * 100)}%) were placed between ${clockHour(window.start)} and ${clockHour(end)} (${clock.timeZone} time).`,
      data: {
        windowStartHour: window.start,
        windowEndHour: end,
        inWindow: window.count,
        bets: n,
        share: roundTo4(share),
        threshold: HABIT_SHARE,
        hourCounts,
        timeZone: clock.timeZone,
      },
    },
  ];
};

function clockHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
