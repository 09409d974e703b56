/**
 * Numbers of units in a cell: stakes and the profit a tracker recorded.
 */

import { MAX_IMPORT_UNITS } from '../services/import.ts';

/** A number read, or why not (a whole sentence naming the column and the cell). */
export type AmountReading = { ok: true; value: number } | { ok: false; reason: string };

// An optional unit suffix is common in spreadsheets (`1.5u`, `2 units`); a currency sign is not accepted, so money
// is never mistaken for units silently.
const AMOUNT = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*(?:u|units?)?$/i;

/**
 * Reads a stake: a number of units above 0 and at most {@link MAX_IMPORT_UNITS}.
 * @example readStake('1.5u') // { ok: true, value: 1.5 }
 */
export function readStake(text: string): AmountReading {
  const m = AMOUNT.exec(text);
  if (!m) return { ok: false, reason: `stake "${text}" is not a number of units` };
  const value = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  if (!(value > 0)) return { ok: false, reason: `stake ${text} must be more than 0 units` };
  if (value > MAX_IMPORT_UNITS) return { ok: false, reason: `stake ${text} is more than ${MAX_IMPORT_UNITS} units, the most one row may stake` };
  return { ok: true, value };
}

/**
 * Reads a profit (net) cell: signed units, with the spreadsheet conventions of a Unicode minus and accounting
 * brackets for a loss (`(1.00)` is −1).
 */
export function readProfit(text: string): AmountReading {
  const cleaned = text.replace(/[\u2212\u2013]/g, '-');
  const bracketed = /^\((.*)\)$/.exec(cleaned);
  const m = AMOUNT.exec(bracketed ? bracketed[1]!.trim() : cleaned);
  if (!m || (bracketed && m[1] !== '')) return { ok: false, reason: `profit "${text}" is not a number of units` };
  const value = Number(m[2]) * (m[1] === '-' || bracketed ? -1 : 1);
  return { ok: true, value: value + 0 };
}
