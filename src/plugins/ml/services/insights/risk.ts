/**
 * Risk-adjusted figures over a member's settled bets: the cumulative units curve, maximum drawdown,
 * Sharpe-like and Sortino-like ratios, and ROI.
 */

import { z } from 'zod';

/**
 * One settled bet, as the unit records hold it. Leave voided bets out: nothing was at risk.
 */
export const UnitRecordInputSchema = z.object({
  /** Epoch milliseconds. */
  settledAt: z.number().int(),
  /** Stake in units. */
  units: z.number().min(0),
  /** Net units won (positive) or lost (negative). */
  net: z.number(),
});
export type UnitRecordInput = z.input<typeof UnitRecordInputSchema>;

/** Options of the ratio functions. */
export const RiskOptionsSchema = z.object({
  /** Length of the period the ratios are scaled to. @default 30 days */
  periodMs: z.number().int().positive().default(30 * 86_400_000),
  /** Bets per period; when absent it is estimated from the records (see {@link betsPerPeriod}). */
  betsPerPeriod: z.number().positive().optional(),
});
export type RiskOptions = z.input<typeof RiskOptionsSchema>;

/** A point of the cumulative units curve, after the bet settled at `settledAt`. */
export interface CurvePoint {
  settledAt: number;
  cumulative: number;
}

/** One end of a drawdown; `index` and `settledAt` are null for the start, before the first bet (0 units). */
export interface CurveMark {
  index: number | null;
  settledAt: number | null;
  cumulative: number;
}

/** The largest peak-to-trough fall of the curve. */
export interface Drawdown {
  /** Size of the fall in units, ≥ 0. */
  units: number;
  /** null when the curve never fell. */
  peak: CurveMark | null;
  trough: CurveMark | null;
}

/** Everything in this module at once; see {@link riskSummary}. */
export interface RiskSummary {
  bets: number;
  net: number;
  staked: number;
  roi: number | null;
  curve: CurvePoint[];
  drawdown: Drawdown;
  betsPerPeriod: number | null;
  sharpe: number | null;
  sortino: number | null;
}

/** The records validated and in settlement order (a stable sort, so equal times keep the order given). */
function ordered(records: readonly UnitRecordInput[]): z.output<typeof UnitRecordInputSchema>[] {
  return z.array(UnitRecordInputSchema).parse(records).map((r, i) => ({ r, i })).sort((a, b) => a.r.settledAt - b.r.settledAt || a.i - b.i).map(({ r }) => r);
}

/**
 * Running total of net units after each bet, oldest first.
 * @throws ZodError when a record is malformed.
 */
export function cumulativeCurve(records: readonly UnitRecordInput[]): CurvePoint[] {
  let total = 0;
  return ordered(records).map((r) => ({ settledAt: r.settledAt, cumulative: (total += r.net) }));
}

/**
 * Maximum drawdown of the cumulative curve, which starts at 0 before the first bet (so losing from the first
 * bet counts). When the curve returns to an earlier high, the later visit is the peak reported, since that is
 * where the fall began.
 * @throws ZodError when a record is malformed.
 * @example maxDrawdown(records with nets [2, 1, -1, -2, 3, -4]) // 4 units, from the peak of 3 after bet 4 to -1 after bet 5
 */
export function maxDrawdown(records: readonly UnitRecordInput[]): Drawdown {
  const curve = cumulativeCurve(records);
  let peak: CurveMark = { index: null, settledAt: null, cumulative: 0 };
  let worst: Drawdown = { units: 0, peak: null, trough: null };
  curve.forEach((point, index) => {
    if (point.cumulative >= peak.cumulative) {
      peak = { index, settledAt: point.settledAt, cumulative: point.cumulative };
      return;
    }
    const fall = peak.cumulative - point.cumulative;
    if (fall > worst.units) worst = { units: fall, peak, trough: { index, settledAt: point.settledAt, cumulative: point.cumulative } };
  });
  return worst;
}

/** Total net / total staked; null when nothing was staked. */
export function roi(records: readonly UnitRecordInput[]): number | null {
  const rows = ordered(records);
  const staked = rows.reduce((sum, r) => sum + r.units, 0);
  return staked > 0 ? rows.reduce((sum, r) => sum + r.net, 0) / staked : null;
}

/**
 * Bets per period: the option when given, else count × period / max(span, period), where span is the time from the
 * first to the last settlement. Flooring the span at one period stops a burst of bets on one day from reading as
 * thousands of bets a month. null with no records.
 */
export function betsPerPeriod(records: readonly UnitRecordInput[], options: RiskOptions = {}): number | null {
  const { periodMs, betsPerPeriod: given } = RiskOptionsSchema.parse(options);
  if (given !== undefined) return given;
  const rows = ordered(records);
  if (rows.length === 0) return null;
  const span = rows[rows.length - 1].settledAt - rows[0].settledAt;
  return (rows.length * periodMs) / Math.max(span, periodMs);
}

/**
 * Sharpe-like ratio: mean net per bet / sample standard deviation of net per bet (n − 1), × √(bets per period).
 * There is no risk-free rate (a unit not staked earns nothing). Net is per bet, not per unit staked, so bigger
 * stakes weigh more, as they do in the member's units. null with fewer than 2 bets or when every net is equal.
 * @throws ZodError when a record or the options are malformed.
 */
export function sharpeLike(records: readonly UnitRecordInput[], options: RiskOptions = {}): number | null {
  const nets = ordered(records).map((r) => r.net);
  if (nets.length < 2) return null;
  const mean = average(nets);
  const sd = Math.sqrt(nets.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (nets.length - 1));
  if (!(sd > 1e-12)) return null;
  return (mean / sd) * Math.sqrt(betsPerPeriod(records, options) ?? 0);
}

/**
 * Sortino-like ratio: as {@link sharpeLike}, but divided by the downside deviation √(Σ min(net, 0)² / n) (target 0),
 * so winning big is not counted as risk. null with fewer than 2 bets or no losing bet.
 * @throws ZodError when a record or the options are malformed.
 */
export function sortinoLike(records: readonly UnitRecordInput[], options: RiskOptions = {}): number | null {
  const nets = ordered(records).map((r) => r.net);
  if (nets.length < 2) return null;
  const downside = Math.sqrt(nets.reduce((sum, x) => sum + Math.min(x, 0) ** 2, 0) / nets.length);
  if (!(downside > 1e-12)) return null;
  return (average(nets) / downside) * Math.sqrt(betsPerPeriod(records, options) ?? 0);
}

/**
 * All risk figures for a member's settled bets.
 * @throws ZodError when a record or the options are malformed.
 */
export function riskSummary(records: readonly UnitRecordInput[], options: RiskOptions = {}): RiskSummary {
  const rows = ordered(records);
  return {
    bets: rows.length,
    net: rows.reduce((sum, r) => sum + r.net, 0),
    staked: rows.reduce((sum, r) => sum + r.units, 0),
    roi: roi(rows),
    curve: cumulativeCurve(rows),
    drawdown: maxDrawdown(rows),
    betsPerPeriod: betsPerPeriod(rows, options),
    sharpe: sharpeLike(rows, options),
    sortino: sortinoLike(rows, options),
  };
}

function average(xs: readonly number[]): number {
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}
