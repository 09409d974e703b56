import { DAY_MS, type CommunityBet } from './community-bet.ts';

/** Day index of a time relative to a midnight origin (may be negative or ≥ days for bets outside the window). */
export function dayIndex(time: number, origin: number): number {
  return Math.floor((time - origin) / DAY_MS);
}

/** Bets placed per day over [origin, origin + days·24 h), by placedAt. */
export function dailyBetCounts(bets: readonly CommunityBet[], origin: number, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  for (const b of bets) {
    const d = dayIndex(b.placedAt, origin);
    if (d >= 0 && d < days) out[d] += 1;
  }
  return out;
}

/**
 * Net units per day of settled bets, counted on the day each bet was placed (settlement usually follows within
 * hours; placing day keeps the series aligned with the volume series). Open bets count 0.
 */
export function dailyNetUnits(bets: readonly CommunityBet[], origin: number, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  for (const b of bets) {
    const d = dayIndex(b.placedAt, origin);
    if (d >= 0 && d < days) out[d] += b.net ?? 0;
  }
  return out.map((v) => Math.round(v * 1e4) / 1e4);
}

/** Running total of a series. */
export function cumulative(series: readonly number[], start = 0): number[] {
  let total = start;
  return series.map((v) => (total += v));
}
