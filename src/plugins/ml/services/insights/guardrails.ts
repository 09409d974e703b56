/**
 * Guardrails on any stake the insights suggest: never more after losses, never past a member's own limits.
 */

import { z } from 'zod';
import { units } from './wording.ts';

/** A recent settled bet, oldest first. Extra fields (such as `settledAt`) are ignored. */
export const RecentBetSchema = z.object({
  /** Stake in units. */
  units: z.number().min(0),
  /** Net units won (positive), lost (negative) or 0 for a push. */
  net: z.number(),
});
export type RecentBet = z.input<typeof RecentBetSchema>;

/** Options of {@link detectLosingRun} and {@link capAfterLosses}. */
export const GuardrailOptionsSchema = z.object({
  /** How many recent bets count as "recent". @default 10 */
  window: z.number().int().min(1).default(10),
  /** Consecutive losses that make a losing run on their own. @default 3 */
  lossStreak: z.number().int().min(1).default(3),
});
export type GuardrailOptions = z.input<typeof GuardrailOptionsSchema>;

/** Whether a member is on a losing run, and the figures that decided it. */
export interface LosingRun {
  losing: boolean;
  /** Net units over the last `window` bets. */
  windowNet: number;
  windowBets: number;
  /** Losses in a row at the end of the history; pushes are skipped, they neither extend nor break the run. */
  trailingLosses: number;
  /** Index of the first bet after the cumulative units curve last set a new high: where the current fall began. */
  runStart: number;
}

/** A stake after the losing-run guardrail. */
export interface GuardedStake {
  stake: number;
  /** The ceiling applied, or null when the member is not on a losing run. */
  cap: number | null;
  capped: boolean;
  reason: string | null;
}

/**
 * A member is on a losing run when their net over the last `window` bets is below 0, or their last `lossStreak`
 * decided bets were all losses. Either way their cumulative units are below an earlier high; the run is taken to
 * start right after the curve last rose to a new high, strictly above everything before it (0 before the first bet
 * counts as the first high).
 * @throws ZodError when a bet or the options are malformed.
 */
export function detectLosingRun(history: readonly RecentBet[], options: GuardrailOptions = {}): LosingRun {
  const { window, lossStreak } = GuardrailOptionsSchema.parse(options);
  const bets = z.array(RecentBetSchema).parse(history);
  const recent = bets.slice(-window);
  const windowNet = recent.reduce((sum, bet) => sum + bet.net, 0);

  let trailingLosses = 0;
  for (let i = bets.length - 1; i >= 0 && bets[i].net <= 0; i--) if (bets[i].net < 0) trailingLosses++;

  let total = 0;
  let high = 0;
  let runStart = 0;
  bets.forEach((bet, i) => {
    total += bet.net;
    // Strictly above: pushes or a climb back to an old high, with stakes raised meanwhile, belong to the run.
    if (total > high) {
      high = total;
      runStart = i + 1;
    }
  });

  // A sum of nets can land a hair below 0 from float error (0.1 + 0.2 − 0.3); that is not a loss.
  const losing = windowNet < -1e-9 || trailingLosses >= lossStreak;
  return { losing, windowNet, windowBets: recent.length, trailingLosses, runStart };
}

/**
 * Caps a proposed stake on a losing run (see {@link detectLosingRun}) so insights never suggest staking more after
 * losses. The cap is the lower of
 * - the median stake over the last `window` bets, and
 * - the median stake over the `window` bets before the run began (or the run's first stake, if it began with the
 *   member's first bet),
 * so a member who has already been raising stakes to chase losses is held to what they staked before the run, not to
 * the inflated recent stakes. Off a losing run the stake passes through unchanged.
 * @throws ZodError when a bet or the options are malformed.
 * @example capAfterLosses(3, [{ units: 1, net: -1 }, { units: 1, net: -1 }, { units: 1, net: -1 }]) // stake 1
 */
export function capAfterLosses(proposedStake: number, history: readonly RecentBet[], options: GuardrailOptions = {}): GuardedStake {
  const { window } = GuardrailOptionsSchema.parse(options);
  const bets = z.array(RecentBetSchema).parse(history);
  const run = detectLosingRun(bets, options);
  if (!run.losing) return { stake: proposedStake, cap: null, capped: false, reason: null };

  const recentMedian = median(bets.slice(-window).map((bet) => bet.units));
  const before = bets.slice(0, run.runStart).slice(-window);
  const baseline = before.length > 0 ? median(before.map((bet) => bet.units)) : (bets[run.runStart]?.units ?? recentMedian);
  const cap = Math.min(recentMedian, baseline);
  const capped = proposedStake > cap;
  const why =
    run.windowNet < -1e-9
      ? `You are ${units(-run.windowNet)} down over your last ${run.windowBets} ${run.windowBets === 1 ? 'bet' : 'bets'}`
      : `Your last ${run.trailingLosses} bets lost`;
  return {
    stake: Math.min(proposedStake, cap),
    cap,
    capped,
    reason: capped
      ? `${why}, so this is held to ${units(cap)}, your usual stake before the run; stakes are never raised after losses.`
      : `${why}; this stake is already no more than your usual ${units(cap)}.`,
  };
}

/** A member's own limits as set with `/limits`, and what they have staked inside the limit's rolling window. */
export const MemberLimitsInputSchema = z.object({
  maxUnitsPerBet: z.number().gt(0).nullable().optional(),
  /** The unit limit that leaves the least room (named "per day" for history; see `window`). */
  maxUnitsPerDay: z.number().gt(0).nullable().optional(),
  /** Units staked inside the limit's window. */
  unitsPlacedToday: z.number().min(0),
  /** Which limit that is: the daily one (last 24 hours) or the weekly one (last 7 days). @default 'daily' */
  window: z.enum(['daily', 'weekly']).default('daily'),
});
export type MemberLimitsInput = z.input<typeof MemberLimitsInputSchema>;

/** A stake after the member's limits. */
export interface LimitedStake {
  stake: number;
  /** Which limit cut the stake, if any. */
  clippedBy: 'per-bet' | 'per-day' | 'day-reached' | null;
  reason: string | null;
}

// The betting plugin accepts a stake when staked + units ≤ limit + 1e-9; a window with less left than that is full.
const LIMIT_SLACK = 1e-9;

const SPAN = { daily: '24 hours', weekly: '7 days' } as const;

/**
 * Clips a stake so it never exceeds the member's per-bet limit or what is left of their unit limit over its rolling
 * window (as the betting plugin counts it); 0 once that limit is reached. A missing or null limit means none.
 * @throws ZodError when the limits are malformed.
 * @example applyLimits(2, { maxUnitsPerDay: 5, unitsPlacedToday: 5 }) // { stake: 0, clippedBy: 'day-reached', … }
 */
export function applyLimits(stake: number, limits: MemberLimitsInput): LimitedStake {
  const { maxUnitsPerBet, maxUnitsPerDay, unitsPlacedToday, window } = MemberLimitsInputSchema.parse(limits);
  const left = maxUnitsPerDay == null ? Infinity : maxUnitsPerDay - unitsPlacedToday;
  if (left <= LIMIT_SLACK) {
    return {
      stake: 0,
      clippedBy: 'day-reached',
      reason: `You have reached your ${window} limit of ${units(maxUnitsPerDay!)} (${units(unitsPlacedToday)} placed in the last ${SPAN[window]}), so no stake is suggested until some of it is older than that.`,
    };
  }
  const perBet = maxUnitsPerBet ?? Infinity;
  if (stake <= perBet && stake <= left) return { stake, clippedBy: null, reason: null };
  if (perBet <= left) {
    return { stake: perBet, clippedBy: 'per-bet', reason: `Held to your per-bet limit of ${units(perBet)}.` };
  }
  return { stake: left, clippedBy: 'per-day', reason: `Held to the ${units(left)} left of your ${window} limit of ${units(maxUnitsPerDay!)}.` };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
