/**
 * Pure statistics over a member's settled bets: record, ROI, streaks,
 * closing-line value and drawdown.
 */

import { removeMargin } from './odds.ts';
import { roundUnits, type BetResult } from './payout.ts';

/** One settled bet as the stats need it. Bets are passed oldest first. */
export interface SettledBet {
  result: BetResult;
  /** Stake in units. */
  units: number;
  /** Net units won (positive) or lost (negative). */
  net: number;
  /** Decimal odds taken. */
  decimal: number;
  /** Margin-free decimal price of the selection at the close, when known. */
  closingFairDecimal?: number | null;
  /** Margin-free decimal price of the selection when the bet was placed, when known. */
  fairDecimalAtBet?: number | null;
}

/** A run of consecutive wins (`W`) or losses (`L`); `kind` is null when there has been neither. */
export interface Streak {
  kind: 'W' | 'L' | null;
  length: number;
}

/** Summary of a list of settled bets; see {@link summarize}. */
export interface BetSummary {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  /** wins / (wins + losses); null when there are no wins or losses. */
  winRate: number | null;
  /** Sum of stakes of bets that weren't void (a push's stake was at risk). */
  risked: number;
  net: number;
  /** net / risked; null when nothing was risked. */
  roi: number | null;
  /** The streak still running at the newest bet. */
  currentStreak: Streak;
  longestWinStreak: number;
  longestLossStreak: number;
  /** Average of `fairDecimalAtBet / closingFairDecimal − 1` over bets with both known; null if none. */
  clv: number | null;
}

/**
 * Summarises settled bets given oldest first.
 *
 * Streaks count only wins and losses: a push or void neither breaks nor extends
 * a streak, so W, push, W is a two-bet win streak. That matches how bettors talk
 * about runs ("three straight winners") and stops a refunded bet resetting them.
 *
 * `net` and `risked` are rounded to 4 decimals so float noise from summing doesn't show.
 */
export function summarize(bets: readonly SettledBet[]): BetSummary {
  let wins = 0;
  let losses = 0;
  let pushes = 0;
  let voids = 0;
  let risked = 0;
  let net = 0;
  let clvSum = 0;
  let clvCount = 0;
  let streak: Streak = { kind: null, length: 0 };
  let longestWinStreak = 0;
  let longestLossStreak = 0;

  for (const bet of bets) {
    net += bet.net;
    if (bet.result !== 'void') risked += bet.units;

    const clv = betClv(bet);
    if (clv !== null) {
      clvSum += clv;
      clvCount++;
    }

    if (bet.result === 'push') pushes++;
    if (bet.result === 'void') voids++;
    if (bet.result !== 'won' && bet.result !== 'lost') continue;

    const kind = bet.result === 'won' ? 'W' : 'L';
    if (kind === 'W') wins++;
    else losses++;
    streak = streak.kind === kind ? { kind, length: streak.length + 1 } : { kind, length: 1 };
    if (kind === 'W') longestWinStreak = Math.max(longestWinStreak, streak.length);
    else longestLossStreak = Math.max(longestLossStreak, streak.length);
  }

  return {
    bets: bets.length,
    wins,
    losses,
    pushes,
    voids,
    ...recordRates({ wins, losses, net, risked }),
    currentStreak: streak,
    longestWinStreak,
    longestLossStreak,
    clv: clvCount === 0 ? null : clvSum / clvCount,
  };
}

/** Totals of settled bets, as {@link summarize} counts them or a SQL aggregate sums them. */
export interface RecordTotals {
  wins: number;
  losses: number;
  /** Net units, as summed (rounded here). */
  net: number;
  /** Units at risk (stakes of bets that weren't void), as summed (rounded here). */
  risked: number;
}

/** The rounded units and the rates of a record; see {@link recordRates}. */
export interface RecordRates {
  /** Net units rounded to 4 decimals. */
  net: number;
  /** Units risked rounded to 4 decimals. */
  risked: number;
  /** wins / (wins + losses); null when there are no wins or losses. */
  winRate: number | null;
  /** Rounded net / rounded risked; null when nothing was risked. */
  roi: number | null;
}

/**
 * The one formula of win rate and ROI, used by the stats summary and the leaderboard alike: net and risked are
 * rounded to 4 decimals first (float noise from summing must not show), and ROI is taken from the rounded values, so
 * a member's ROI is the same number on /stats and on /leaderboard.
 * @example
 * recordRates({ wins: 2, losses: 1, net: 2.40910000001, risked: 3.5 }) // { net: 2.4091, risked: 3.5, winRate: 0.666…, roi: 0.6883… }
 */
export function recordRates(totals: RecordTotals): RecordRates {
  const net = roundUnits(totals.net);
  const risked = roundUnits(totals.risked);
  const decided = totals.wins + totals.losses;
  return { net, risked, winRate: decided === 0 ? null : totals.wins / decided, roi: risked === 0 ? null : net / risked };
}

/** One bet's CLV, or null when either fair price is missing or not a usable price. */
function betClv(bet: SettledBet): number | null {
  const atBet = bet.fairDecimalAtBet;
  const close = bet.closingFairDecimal;
  // A zero or negative price would divide by zero or flip the sign; treat it as unknown.
  if (atBet == null || close == null || !(atBet > 1) || !(close > 1)) return null;
  return atBet / close - 1;
}

/**
 * Closing-line value of one bet:
 *
 *     fairBet   = betDecimal × Σ(1 / betMarketDecimals)      (the bettor's price with the bet-time margin removed)
 *     fairClose = 1 / removeMargin(closingMarketDecimals)[selectionIndex]
 *     CLV       = fairBet / fairClose − 1
 *
 * Both margins are removed by proportional normalisation ({@link removeMargin}),
 * so `fairBet` equals `1 / removeMargin(betMarketDecimals)[selectionIndex]` when
 * the bettor took the market price, and scales with any better price they found.
 * Positive means the bettor beat the close (got a longer fair price than the
 * market ended on); negative means the price moved against them.
 *
 * @param betDecimal The decimal odds the bettor actually took.
 * @param betMarketDecimals Every outcome's decimal odds in the market when the bet was placed.
 * @param closingMarketDecimals The same outcomes, same order, at the close.
 * @param selectionIndex Index of the backed outcome in both markets.
 * @throws RangeError when the markets differ in length, the index is out of range or a price is ≤ 1.
 */
export function closingLineValue(
  betDecimal: number,
  betMarketDecimals: readonly number[],
  closingMarketDecimals: readonly number[],
  selectionIndex: number,
): number {
  if (betMarketDecimals.length !== closingMarketDecimals.length) {
    throw new RangeError('The bet-time and closing markets must list the same outcomes');
  }
  if (!Number.isInteger(selectionIndex) || selectionIndex < 0 || selectionIndex >= betMarketDecimals.length) {
    throw new RangeError(`Selection index ${selectionIndex} is outside the market`);
  }
  for (const decimal of [betDecimal, ...betMarketDecimals, ...closingMarketDecimals]) {
    if (!Number.isFinite(decimal) || decimal <= 1) throw new RangeError(`Decimal odds must be above 1, got ${decimal}`);
  }
  const fairBetProbability = removeMargin(betMarketDecimals)[selectionIndex];
  // Fair/quoted ratio of the bet-time market, applied to the price actually taken.
  const fairBet = (betDecimal / betMarketDecimals[selectionIndex]) * (1 / fairBetProbability);
  const fairClose = 1 / removeMargin(closingMarketDecimals)[selectionIndex];
  return fairBet / fairClose - 1;
}

/**
 * Largest peak-to-trough fall of the running total of `nets` (oldest first),
 * as a non-negative number of units. The running total starts at 0, so losses
 * from the very first bet count as drawdown. Rounded to 4 decimals.
 */
export function maxDrawdown(nets: readonly number[]): number {
  let total = 0;
  let peak = 0;
  let worst = 0;
  for (const net of nets) {
    total += net;
    peak = Math.max(peak, total);
    worst = Math.max(worst, peak - total);
  }
  return roundUnits(worst);
}
