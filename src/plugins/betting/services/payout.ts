/**
 * Money arithmetic for settled bets: what a straight bet or a parlay returns
 * in units, given its result and price.
 */

import { gradeNetFactor, type GradeResult } from './grading-rules.ts';
import { parlayDecimal } from './odds.ts';

/** How a settled bet ended. `push` returns the stake on a tie; `void` cancels the bet outright. */
export type BetResult = 'won' | 'lost' | 'push' | 'void';

/** A parlay leg's state as far as the parlay is concerned. */
export interface ParlayLeg {
  result: BetResult | 'pending';
  /** The leg's decimal odds. */
  decimal: number;
}

/** A parlay's overall state and the price it now pays (after dropping pushed and voided legs). */
export interface ParlayOutcome {
  result: BetResult | 'pending';
  decimal: number;
}

/**
 * Rounds to 4 decimal places so sums of nets don't carry float noise
 * (0.1 + 0.2 = 0.30000000000000004). Rounds half away from zero and never returns -0.
 */
export function roundUnits(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value) * 1e4) / 1e4;
  return rounded + 0;
}

/**
 * Net units of a straight bet at American odds: a win pays `units × odds / 100`
 * at positive odds and `units × 100 / |odds|` at negative odds; a loss costs
 * `units`; a push or void returns the stake (net 0). Rounded to 4 decimals.
 * @throws RangeError for |odds| < 100 or a negative or non-finite stake.
 */
export function straightNet(result: BetResult, units: number, americanOdds: number): number {
  assertUnits(units);
  if (!Number.isFinite(americanOdds) || Math.abs(americanOdds) < 100) {
    throw new RangeError(`American odds must be at least 100 either way, got ${americanOdds}`);
  }
  switch (result) {
    case 'won':
      return roundUnits(americanOdds > 0 ? (units * americanOdds) / 100 : (units * 100) / -americanOdds);
    case 'lost':
      return roundUnits(-units);
    case 'push':
    case 'void':
      return 0;
  }
}

/**
 * What a bet at `decimal` nets when it wins: `units × (decimal − 1)`, rounded to 4 decimals ({@link gradedNet}).
 * The slip's "To win" and every settlement of a straight bet (by the feed, by hand, or a regrade) pay from the
 * bet's decimal price of record, so the slip shows what is paid, to the cent. The feed's set-based settlement in
 * SQL mirrors this formula (settlement.ts `netSql`).
 * @example winNet(10, 1.945) // 9.45
 */
export function winNet(units: number, decimal: number): number {
  return gradedNet('won', units, decimal);
}

/**
 * Net units of a bet graded with possible half results (Asian quarter lines) at
 * decimal odds: `units × gradeNetFactor(result, decimal)`, rounded to 4 decimals.
 * A half-won bet at 1.90 for 2 units nets +0.9; a half-lost one nets −1.
 */
export function gradedNet(result: GradeResult | BetResult, units: number, decimal: number): number {
  assertUnits(units);
  return roundUnits(units * gradeNetFactor(result, decimal));
}

/**
 * Settles a parlay from its legs.
 *
 * - Any lost leg loses the parlay, even while other legs are still pending:
 *   nothing the pending legs do can save it, so there is no reason to wait.
 * - Otherwise any pending leg keeps the parlay pending.
 * - Pushed and voided legs are dropped and the parlay is repriced on the rest
 *   (the returned `decimal` is the product of the remaining legs).
 * - If every leg pushed or voided the parlay is `void` when all were void,
 *   otherwise `push`, at decimal 1. A parlay with no legs counts as `void`.
 */
export function parlayResult(legs: readonly ParlayLeg[]): ParlayOutcome {
  const live = legs.filter((leg) => leg.result !== 'push' && leg.result !== 'void');
  const decimal = parlayDecimal(live.map((leg) => leg.decimal));
  if (live.some((leg) => leg.result === 'lost')) return { result: 'lost', decimal };
  if (live.some((leg) => leg.result === 'pending')) return { result: 'pending', decimal };
  if (live.length === 0) {
    return { result: legs.every((leg) => leg.result === 'void') ? 'void' : 'push', decimal: 1 };
  }
  return { result: 'won', decimal };
}

/**
 * Net units of a settled parlay: won `units × (decimal − 1)`, lost `−units`,
 * push or void 0. Rounded to 4 decimals. Pass the repriced decimal from {@link parlayResult}.
 */
export function parlayNet(result: BetResult, units: number, decimal: number): number {
  assertUnits(units);
  switch (result) {
    case 'won':
      return roundUnits(units * (parlayDecimal([decimal]) - 1));
    case 'lost':
      return roundUnits(-units);
    case 'push':
    case 'void':
      return 0;
  }
}

function assertUnits(units: number): void {
  if (!Number.isFinite(units) || units < 0) throw new RangeError(`Stake must be a non-negative number, got ${units}`);
}
