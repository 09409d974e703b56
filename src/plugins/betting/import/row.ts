/**
 * One data row, from its cells (already keyed by canonical column) to an {@link ImportRow}, or every reason it is
 * refused.
 */

import { z } from 'zod';
import { importNet, type ImportLeg, type ImportRow } from '../services/import.ts';
import { decimalToAmerican, parlayDecimal, parseOdds, type OddsFormat } from '../services/odds.ts';
import { roundUnits } from '../services/payout.ts';
import { readProfit, readStake } from './amounts.ts';
import { readBetType, readResult, RESULT_CHOICES, TYPE_CHOICES } from './bet-kinds.ts';
import type { CanonicalColumn } from './columns.ts';
import { readDate } from './dates.ts';
import { readLegs } from './legs.ts';

/** How far a parlay's stated odds may be from the product of its legs' odds (books round, and some boost). */
export const LEG_PRODUCT_TOLERANCE = 0.02;

/** How far a recorded profit may be from the computed net: a cent of rounding plus 1% of the stake for rounded prices. */
export const profitTolerance = (units: number): number => 0.01 + 0.01 * units;

const cell = (max: number, name: string) =>
  z
    .string()
    .trim()
    .max(max, `${name} is longer than ${max} characters`)
    .transform((s) => (s === '' ? undefined : s))
    .optional();

/** A row's cells after alias mapping: every column optional text, empty meaning absent. */
export const canonicalRowSchema = z.object({
  placed: cell(64, 'placed'),
  settled: cell(64, 'settled'),
  odds: cell(32, 'odds'),
  closing_odds: cell(32, 'closing odds'),
  stake: cell(32, 'stake'),
  result: cell(32, 'result'),
  type: cell(32, 'type'),
  legs: cell(2000, 'legs'),
  sport: cell(32, 'sport'),
  league: cell(64, 'league'),
  description: cell(500, 'description'),
  event: cell(200, 'event'),
  profit: cell(32, 'profit'),
} satisfies Record<CanonicalColumn, z.ZodType>);
export type CanonicalRow = z.infer<typeof canonicalRowSchema>;

export interface RowContext {
  /** Line of the file the row starts on. */
  line: number;
  timeZone: string;
  oddsHint: OddsFormat | undefined;
  /** Rows placed or settled after this are refused. */
  now: number;
}

export type RowReading = { ok: true; row: ImportRow } | { ok: false; reasons: string[] };

/**
 * Checks one row and builds the bet it describes. Every problem is collected, so a member fixes a row once.
 * @example validateRow({ placed: '2024-03-01 19:30', odds: '-110', stake: '1', result: 'W' }, ctx)
 */
export function validateRow(cells: Partial<Record<CanonicalColumn, string>>, ctx: RowContext): RowReading {
  const shape = canonicalRowSchema.safeParse(cells);
  const reasons = shape.success ? [] : shape.error.issues.map((i) => i.message);
  // An over-long cell is reported once, then checked no further (it is neither missing nor worth quoting again).
  const tooLong = new Set(shape.success ? [] : shape.error.issues.map((i) => String(i.path[0])));
  const c = shape.success ? shape.data : canonicalRowSchema.parse(Object.fromEntries(Object.entries(cells).filter(([k]) => !tooLong.has(k))));
  const fail = (reason: string): undefined => void reasons.push(reason);
  const missing = (column: CanonicalColumn, reason: string): undefined => (tooLong.has(column) ? undefined : fail(reason));

  const result = c.result === undefined ? missing('result', 'result is missing') : readResult(c.result);
  if (c.result !== undefined && result === undefined) fail(`result "${c.result}" is not one of ${RESULT_CHOICES}`);
  if (result === 'pending') fail(`result "${c.result}" means the bet is not settled: only settled bets are imported`);

  const placedAt = date('placed', c.placed, ctx, reasons, true, tooLong);
  const settledAt = date('settled', c.settled, ctx, reasons, false, tooLong);
  if (placedAt !== undefined && settledAt !== undefined && settledAt < placedAt) fail(`settled "${c.settled}" is before placed "${c.placed}"`);

  const stake = c.stake === undefined ? missing('stake', 'stake is missing') : readStake(c.stake);
  if (stake && !stake.ok) fail(stake.reason);
  const units = stake?.ok ? roundUnits(stake.value) : undefined;

  const legsRead = c.legs === undefined ? undefined : readLegs(c.legs, ctx.oddsHint);
  if (legsRead && !legsRead.ok) reasons.push(...legsRead.reasons);
  const legs = legsRead?.ok ? legsRead : undefined;
  const named = c.type === undefined ? undefined : readBetType(c.type);
  if (c.type !== undefined && named === undefined) fail(`type "${c.type}" is not one of ${TYPE_CHOICES}`);
  const type = named ?? (legs && legs.count >= 2 ? 'parlay' : 'game_line');
  if (type === 'parlay' && legsRead?.ok !== false && !tooLong.has('legs') && (legs?.count ?? 0) < 2) {
    fail(legs ? `a parlay needs at least 2 legs, this row has ${legs.count}` : 'a parlay needs at least 2 legs: give the legs column a count or the legs separated by |');
  }
  if (type !== 'parlay' && legs && legs.count > 1) fail(`a ${c.type ?? 'straight'} bet has one leg, this row has ${legs.count} (set its type to parlay)`);
  if (type === 'parlay' && (result === 'half-won' || result === 'half-lost')) fail(`result "${c.result}" applies to a single bet on an Asian line, not a parlay`);

  const priced = type === 'parlay' && legs ? legPrice(legs.legs, reasons) : undefined;
  let decimal: number | undefined;
  let american: number | undefined;
  if (c.odds !== undefined) {
    const odds = parseOdds(c.odds, ctx.oddsHint);
    if (odds.ok) ({ decimal, american } = odds);
    else fail(`odds "${c.odds}": ${odds.message}`);
  } else if (priced !== undefined) {
    decimal = priced;
    american = decimalToAmerican(priced);
  } else missing('odds', 'odds are missing');
  if (priced !== undefined && decimal !== undefined && Math.abs(priced / decimal - 1) > LEG_PRODUCT_TOLERANCE) {
    fail(`the legs' odds multiply to ${priced.toFixed(2)}, more than ${LEG_PRODUCT_TOLERANCE * 100}% away from the parlay's odds of ${decimal.toFixed(2)}`);
  }

  let closingDecimal: number | null = null;
  if (c.closing_odds !== undefined) {
    const closing = parseOdds(c.closing_odds, ctx.oddsHint);
    if (closing.ok) closingDecimal = closing.decimal;
    else fail(`closing odds "${c.closing_odds}": ${closing.message}`);
  }

  const profit = c.profit === undefined ? undefined : readProfit(c.profit);
  if (profit && !profit.ok) fail(profit.reason);

  if (reasons.length > 0 || result === undefined || result === 'pending' || placedAt === undefined || units === undefined || decimal === undefined || american === undefined) {
    return { ok: false, reasons };
  }
  const row: ImportRow = {
    line: ctx.line,
    placedAt,
    settledAt: settledAt ?? placedAt,
    type,
    result,
    units,
    decimal,
    american,
    closingDecimal,
    description: describe(c, legs?.legs ?? []),
    legCount: legs?.count ?? 1,
    legs: legs?.legs ?? [],
    sport: c.sport?.toLowerCase() ?? null,
    league: c.league ?? null,
  };
  if (profit?.ok) {
    const net = importNet(row);
    const tolerance = profitTolerance(units);
    if (Math.abs(profit.value - net) > tolerance) {
      return {
        ok: false,
        reasons: [
          `profit ${c.profit} does not match the net of ${net} units a ${result} bet of ${units} units at ${round(decimal)} pays; ` +
            `they differ by ${round(Math.abs(profit.value - net))}, more than the ${round(tolerance)} allowed`,
        ],
      };
    }
  }
  return { ok: true, row };
}

function date(name: 'placed' | 'settled', text: string | undefined, ctx: RowContext, reasons: string[], required: boolean, tooLong: Set<string>): number | undefined {
  if (text === undefined) {
    if (required && !tooLong.has(name)) reasons.push(`${name} date is missing`);
    return undefined;
  }
  const read = readDate(text, ctx.timeZone);
  if (!read.ok) {
    reasons.push(`${name} "${text}" ${read.why}`);
    return undefined;
  }
  if (read.epochMs > ctx.now) {
    reasons.push(`${name} "${text}" is in the future`);
    return undefined;
  }
  return read.epochMs;
}

/** The product of the legs' odds when every leg is priced; undefined when none is (then nothing can be checked). */
function legPrice(legs: readonly ImportLeg[], reasons: string[]): number | undefined {
  const missing = legs.flatMap((leg, i) => (leg.decimal === null ? [i + 1] : []));
  if (missing.length === legs.length) return undefined;
  if (missing.length > 0) {
    reasons.push(`leg${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no odds while the others do: price every leg or none`);
    return undefined;
  }
  return parlayDecimal(legs.map((leg) => leg.decimal!));
}

/** Event and pick together (`Arsenal v Chelsea: Arsenal ML`), else either, else a parlay's legs. */
function describe(c: CanonicalRow, legs: readonly ImportLeg[]): string | null {
  if (c.event && c.description) return `${c.event}: ${c.description}`;
  const text = c.description ?? c.event ?? (legs.length > 0 ? legs.map((l) => l.description).join(' | ') : undefined);
  return text ?? null;
}

const round = (n: number): number => Math.round(n * 1e4) / 1e4;
