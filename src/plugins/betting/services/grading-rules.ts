/**
 * Grading rules: how a selection fares against a final score, including
 * two-way moneylines and Asian quarter lines.
 */

import type { BetResult } from './payout.ts';

/** Markets the grader understands: match result, over/under and handicap. */
export type Market = 'h2h' | 'totals' | 'spreads';

/** Which side of a market was backed. */
export type Selection = 'home' | 'draw' | 'away' | 'over' | 'under';

/** A selection to grade. */
export interface GradableBet {
  market: Market;
  selection: Selection;
  /**
   * Totals: the goal/points line. Spreads: the handicap applied to the selected
   * side (home −1.5 means home score − 1.5 is compared with the away score).
   * Must be a multiple of 0.25; quarter lines are Asian split lines. Absent for h2h.
   */
  line?: number;
  /** h2h only: a two-way moneyline with no draw option, where a tie is a push. */
  twoWay?: boolean;
}

/** A final score. Both sides must be non-negative integers. */
export interface FinalScore {
  home: number;
  away: number;
}

/**
 * Outcome of grading one selection. Beyond the plain results, a quarter line
 * splits the stake into two halves on the neighbouring lines, giving
 * `half-won` (half wins at the price, half is returned) or `half-lost`
 * (half is lost, half is returned). Grading never produces `void`: that is an
 * administrative decision, not a score outcome.
 */
export type GradeResult = 'won' | 'lost' | 'push' | 'half-won' | 'half-lost';

/** Returned instead of throwing when the bet or score can't be graded; `message` says why. */
export interface GradeError {
  error: 'invalid-bet' | 'invalid-score';
  message: string;
}

/** Narrows a {@link gradeSelection} answer to the error case. */
export function isGradeError(value: GradeResult | GradeError): value is GradeError {
  return typeof value !== 'string';
}

/**
 * Grades a selection against a final score.
 *
 * - h2h: home/draw/away by result. In a `twoWay` market a tie pushes home and
 *   away (and `draw` is not a valid selection).
 * - totals: over/under the line on home + away; landing on the line pushes.
 * - spreads: selected side's score + line vs the other side's score; equal pushes.
 * - Quarter lines (x.25, x.75) grade each half stake on the lines 0.25 either
 *   side and combine them (e.g. over 2.25 with 2 goals: push + loss = half-lost).
 *
 * Invalid combinations (h2h with over/under, totals or spreads without a line,
 * a line that isn't a multiple of 0.25, a fractional score…) return a
 * {@link GradeError} rather than throwing, so a bad feed row can't crash settlement.
 */
export function gradeSelection(bet: GradableBet, score: FinalScore): GradeResult | GradeError {
  for (const side of ['home', 'away'] as const) {
    const value = score[side];
    if (!Number.isInteger(value) || value < 0) {
      return { error: 'invalid-score', message: `The ${side} score must be a whole number of 0 or more, got ${value}.` };
    }
  }
  switch (bet.market) {
    case 'h2h':
      return gradeH2h(bet, score);
    case 'totals':
    case 'spreads':
      return gradeLineMarket(bet, score);
    default:
      return invalid(`Unknown market "${String(bet.market)}".`);
  }
}

function invalid(message: string): GradeError {
  return { error: 'invalid-bet', message };
}

function gradeH2h(bet: GradableBet, score: FinalScore): GradeResult | GradeError {
  if (bet.line !== undefined) return invalid('A match-result (h2h) bet has no line; use spreads for a handicap.');
  const { selection } = bet;
  if (selection !== 'home' && selection !== 'draw' && selection !== 'away') {
    return invalid(`A match-result (h2h) bet must pick home, draw or away, not "${selection}".`);
  }
  if (bet.twoWay && selection === 'draw') return invalid('A two-way moneyline has no draw to pick.');

  const winner = score.home > score.away ? 'home' : score.home < score.away ? 'away' : 'draw';
  if (winner === 'draw' && bet.twoWay) return 'push';
  return winner === selection ? 'won' : 'lost';
}

function gradeLineMarket(bet: GradableBet, score: FinalScore): GradeResult | GradeError {
  const { market, selection, line } = bet;
  const allowed = market === 'totals' ? ['over', 'under'] : ['home', 'away'];
  if (!allowed.includes(selection)) {
    return invalid(`A ${market} bet must pick ${allowed.join(' or ')}, not "${selection}".`);
  }
  if (line === undefined || !Number.isFinite(line)) return invalid(`A ${market} bet needs a line, e.g. 2.5.`);
  const quarters = line * 4;
  if (!Number.isInteger(quarters)) {
    return invalid(`The line ${line} isn't a multiple of 0.25 (e.g. 2, 2.25, 2.5 or 2.75).`);
  }
  if (market === 'totals' && line < 0) return invalid(`A totals line can't be negative, got ${line}.`);

  // Margin by which the selection clears the line: positive wins, zero pushes.
  const margin = (offset: number): number => {
    if (market === 'totals') {
      const total = score.home + score.away;
      return selection === 'over' ? total - (line + offset) : line + offset - total;
    }
    const [mine, theirs] = selection === 'home' ? [score.home, score.away] : [score.away, score.home];
    return mine + line + offset - theirs;
  };

  // Quarter multiples are exact in binary floating point, so these comparisons are exact too.
  if (quarters % 2 === 0) return wholeResult(margin(0));
  const lower = wholeResult(margin(-0.25));
  const upper = wholeResult(margin(0.25));
  return combineHalves(lower, upper);
}

function wholeResult(margin: number): 'won' | 'lost' | 'push' {
  return margin > 0 ? 'won' : margin < 0 ? 'lost' : 'push';
}

function combineHalves(a: 'won' | 'lost' | 'push', b: 'won' | 'lost' | 'push'): GradeResult {
  if (a === b) return a;
  if (a === 'push') return b === 'won' ? 'half-won' : 'half-lost';
  if (b === 'push') return a === 'won' ? 'half-won' : 'half-lost';
  // Won on one half-line and lost on the other needs a score between them, impossible with integer scores.
  return 'push';
}

/**
 * Net return per unit staked for a graded result at decimal odds:
 * won `d − 1`, lost `−1`, push/void `0`, half-won `(d − 1) / 2`, half-lost `−0.5`.
 * Multiply by the stake to get the net; see `gradedNet` in payout.
 * @throws RangeError when `decimal ≤ 1`.
 */
export function gradeNetFactor(result: GradeResult | BetResult, decimal: number): number {
  if (!Number.isFinite(decimal) || decimal <= 1) {
    throw new RangeError(`Decimal odds must be a finite number above 1, got ${decimal}`);
  }
  switch (result) {
    case 'won':
      return decimal - 1;
    case 'lost':
      return -1;
    case 'push':
    case 'void':
      return 0;
    case 'half-won':
      return (decimal - 1) / 2;
    case 'half-lost':
      return -0.5;
  }
}

/**
 * Collapses a grade to the stored {@link BetResult}: half-won counts as `won` and
 * half-lost as `lost` for records and streaks, because money moved in that
 * direction; the stored net keeps the exact (halved) amount.
 */
export function toBetResult(result: GradeResult): BetResult {
  switch (result) {
    case 'half-won':
      return 'won';
    case 'half-lost':
      return 'lost';
    default:
      return result;
  }
}
